import { LitElement, html } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { ContactList } from '@contacts-manager/core';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { baseStyles, buttonStyles, dialogStyles, fieldStyles } from '../styles/index.js';

export interface ListPickerOptions {
  title: string;
  label: string;
  confirmLabel: string;
  cancelLabel: string;
  lists: readonly ContactList[];
}

/**
 * Asks for one list (bulk "Add to list" / "Remove from list"). `ask()` resolves with the list's
 * id, or null when cancelled; focus returns to where it was.
 *
 * @csspart dialog - The native dialog.
 *
 * @customElement cm-list-picker-dialog
 */
export class ListPickerDialogElement extends LitElement {
  static override styles = [baseStyles, buttonStyles, fieldStyles, dialogStyles];

  @state() private options: ListPickerOptions | null = null;
  @state() private listId = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  private settle: ((listId: string | null) => void) | null = null;
  private returnFocusTo: HTMLElement | null = null;

  async ask(options: ListPickerOptions): Promise<string | null> {
    this.settle?.(null);
    this.returnFocusTo = deepActiveElement();
    this.options = options;
    this.listId = options.lists[0]?.id ?? '';
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('select')?.focus();
    return new Promise((resolve) => (this.settle = resolve));
  }

  private finish(listId: string | null): void {
    const settle = this.settle;
    this.settle = null;
    if (this.dialog.open) this.dialog.close();
    settle?.(listId);
  }

  private onClose(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    this.settle?.(null);
    this.settle = null;
    if (target?.isConnected) target.focus();
  }

  override render() {
    const options = this.options;
    return html`<dialog part="dialog" aria-labelledby="picker-title" @close=${this.onClose}>
      <div class="dialog-header"><h2 id="picker-title">${options?.title ?? ''}</h2></div>
      <form
        class="dialog-body"
        id="picker-form"
        @submit=${(event: Event) => {
          event.preventDefault();
          this.finish(this.listId || null);
        }}
      >
        <div class="field">
          <label for="picker-list">${options?.label ?? ''}</label>
          <select id="picker-list" class="select" @change=${(event: Event) => (this.listId = (event.target as HTMLSelectElement).value)}>
            ${(options?.lists ?? []).map((list) => html`<option value=${list.id} ?selected=${list.id === this.listId}>${list.name}</option>`)}
          </select>
        </div>
      </form>
      <div class="dialog-footer">
        <button type="button" class="button cancel" @click=${() => this.finish(null)}>${options?.cancelLabel ?? ''}</button>
        <button type="submit" form="picker-form" class="button primary confirm">${options?.confirmLabel ?? ''}</button>
      </div>
    </dialog>`;
  }
}
