import { LitElement, html } from 'lit';
import { query, state } from 'lit/decorators.js';
import { baseStyles, buttonStyles, dialogStyles } from '../styles/index.js';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { confirmDialogStyles } from './confirm-dialog.styles.js';

export interface ConfirmOptions {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
}

/**
 * A native modal `<dialog>` asking one question. `ask()` opens it and resolves true (confirmed) or
 * false (cancelled, Escape); focus returns to the element that had it.
 *
 * @csspart dialog - The native dialog.
 * @csspart confirm - The confirm button.
 * @csspart cancel - The cancel button.
 *
 * @customElement cm-confirm-dialog
 */
export class ConfirmDialogElement extends LitElement {
  static override styles = [baseStyles, buttonStyles, dialogStyles, confirmDialogStyles];

  @state() private options: ConfirmOptions | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.cancel') private cancelButton!: HTMLButtonElement;

  private settle: ((confirmed: boolean) => void) | null = null;
  private returnFocusTo: HTMLElement | null = null;

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog; resolves with the user's answer. A second call cancels the first. */
  async ask(options: ConfirmOptions): Promise<boolean> {
    this.settle?.(false);
    this.returnFocusTo = deepActiveElement();
    this.options = options;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    // The safe choice has focus first: Enter never destroys by accident.
    this.cancelButton.focus();
    return new Promise<boolean>((resolve) => {
      this.settle = resolve;
    });
  }

  private finish(confirmed: boolean): void {
    const settle = this.settle;
    this.settle = null;
    if (this.dialog.open) this.dialog.close();
    this.returnFocusTo?.focus();
    this.returnFocusTo = null;
    settle?.(confirmed);
  }

  override render() {
    const options = this.options;
    return html`<dialog
      part="dialog"
      aria-labelledby="title"
      aria-describedby="body"
      @cancel=${(event: Event) => {
        event.preventDefault();
        this.finish(false);
      }}
    >
      <div class="dialog-header"><h2 id="title">${options?.title ?? ''}</h2></div>
      <div class="dialog-body"><p id="body">${options?.body ?? ''}</p></div>
      <div class="dialog-footer">
        <button type="button" class="button cancel" part="cancel" @click=${() => this.finish(false)}>
          ${options?.cancelLabel ?? ''}
        </button>
        <button
          type="button"
          class="button confirm ${options?.danger ? 'danger' : 'primary'}"
          part="confirm"
          @click=${() => this.finish(true)}
        >
          ${options?.confirmLabel ?? ''}
        </button>
      </div>
    </dialog>`;
  }
}
