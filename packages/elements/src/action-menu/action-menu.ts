import { LitElement, html } from 'lit';
import { property, query, queryAll, state } from 'lit/decorators.js';
import { baseStyles, buttonStyles, chevronDownIcon } from '../styles/index.js';
import { actionMenuStyles } from './action-menu.styles.js';

export interface ActionMenuItem {
  id: string;
  label: string;
  danger?: boolean;
}

export interface ActionMenuSelectDetail {
  id: string;
}

/**
 * A menu button (WAI-ARIA menu button pattern): the button opens a `role="menu"`; Up/Down/Home/End
 * move between items, Enter/Space choose, Escape and Tab close, and focus returns to the button.
 *
 * @event {CustomEvent<ActionMenuSelectDetail>} cm-menu-select - An item was chosen; `detail.id` says which.
 * @csspart trigger - The menu button.
 * @csspart menu - The open menu.
 * @csspart item - A menu item.
 *
 * @customElement cm-action-menu
 */
export class ActionMenuElement extends LitElement {
  static override styles = [baseStyles, buttonStyles, actionMenuStyles];

  /** The visible text of the menu button. */
  @property() label = 'Action';
  /** Words screen readers hear after the label ("for Ada Lovelace"); the visible text stays `label`. */
  @property({ attribute: 'label-suffix' }) labelSuffix = '';
  @property({ attribute: false }) items: ActionMenuItem[] = [];
  @property({ type: Boolean, reflect: true }) disabled = false;

  @state() private open = false;
  @query('.trigger') private trigger!: HTMLButtonElement;
  @queryAll('[role="menuitem"]') private menuItems!: NodeListOf<HTMLButtonElement>;

  private readonly onOutsidePointer = (event: PointerEvent) => {
    if (!event.composedPath().includes(this)) this.close(false);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  /** Opens the menu and focuses an item (the first by default). */
  async show(focus: 'first' | 'last' = 'first'): Promise<void> {
    if (this.disabled || this.items.length === 0) return;
    this.open = true;
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
    await this.updateComplete;
    const items = [...this.menuItems];
    (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
  }

  /** Closes the menu; focus goes back to the button unless the user moved it elsewhere. */
  close(returnFocus = true): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    if (returnFocus) this.trigger.focus();
  }

  private onTriggerKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void this.show('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show('last');
    }
  }

  private onMenuKeydown(event: KeyboardEvent): void {
    const items = [...this.menuItems];
    const current = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    const focusAt = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(current + 1);
        break;
      case 'ArrowUp':
        focusAt(current - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(items.length - 1);
        break;
      case 'Escape':
        this.close();
        break;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private choose(item: ActionMenuItem): void {
    this.close();
    this.dispatchEvent(
      new CustomEvent<ActionMenuSelectDetail>('cm-menu-select', { detail: { id: item.id }, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`<button
        type="button"
        class="button trigger"
        part="trigger"
        id="trigger"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="menu"
        ?disabled=${this.disabled || this.items.length === 0}
        @click=${() => (this.open ? this.close() : void this.show())}
        @keydown=${this.onTriggerKeydown}
      >
        ${this.label}${this.labelSuffix ? html`<span class="visually-hidden"> ${this.labelSuffix}</span>` : ''}
        ${chevronDownIcon}
      </button>
      <div class="menu" part="menu" id="menu" role="menu" aria-labelledby="trigger" ?hidden=${!this.open} @keydown=${this.onMenuKeydown}>
        ${this.items.map(
          (item) =>
            html`<button
              type="button"
              role="menuitem"
              tabindex="-1"
              class="item ${item.danger ? 'danger' : ''}"
              part="item"
              data-id=${item.id}
              @click=${() => this.choose(item)}
            >
              ${item.label}
            </button>`,
        )}
      </div>`;
  }
}
