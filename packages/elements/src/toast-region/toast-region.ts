import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { baseStyles, buttonStyles } from '../styles/index.js';
import { toastRegionStyles } from './toast-region.styles.js';

export interface Toast {
  id: number;
  message: string;
  kind: 'success' | 'error';
}

/**
 * Short notices for completed actions, announced politely by screen readers
 * (`aria-live="polite"`) and dismissed after a few seconds or by the user.
 *
 * @csspart toast - One notice.
 *
 * @customElement cm-toast-region
 */
export class ToastRegionElement extends LitElement {
  static override styles = [baseStyles, buttonStyles, toastRegionStyles];

  /** The accessible name of the region. */
  @property() label = 'Notifications';
  /** The dismiss button's label. */
  @property({ attribute: 'dismiss-label' }) dismissLabel = 'Dismiss';
  /** How long a notice stays, in ms. */
  @property({ type: Number }) duration = 6000;

  @state() private toasts: Toast[] = [];
  private nextId = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** Shows a notice; returns its id. */
  show(message: string, kind: Toast['kind'] = 'success'): number {
    const id = this.nextId++;
    // Two at most: a burst of actions must not stack notices over the form.
    this.toasts = [...this.toasts.slice(-1), { id, message, kind }];
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), this.duration),
    );
    return id;
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  override render() {
    return html`<div class="region ${this.toasts.length > 0 ? 'has-toasts' : ''}" role="status" aria-live="polite" aria-label=${this.label}>
      ${repeat(
        this.toasts,
        (toast) => toast.id,
        (toast) =>
          html`<div class="toast ${toast.kind}" part="toast">
            <span>${toast.message}</span>
            <button type="button" class="button" @click=${() => this.dismiss(toast.id)}>${this.dismissLabel}</button>
          </div>`,
      )}
    </div>`;
  }
}
