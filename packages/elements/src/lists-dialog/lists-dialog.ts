import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { ContactList } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { resolveManageStrings, type ManageStrings } from '../manage-strings/manage-strings.js';
import { deepActiveElement } from '../internal/deep-active-element.js';
import { describeError } from '../internal/describe-error.js';
import { formatString } from '../i18n/resolve-strings.js';
import { formatPlural } from '../i18n/plural.js';
import { baseStyles, buttonStyles, dialogStyles, fieldStyles } from '../styles/index.js';
import { listsDialogStyles } from './lists-dialog.styles.js';

/**
 * Managing lists (users with `manageLists`): create, rename and delete, each list with its live
 * contact count. Deleting a list keeps its contacts; it asks first, inline.
 *
 * @event cm-toast - A sentence for the shell's toasts after each change (bubbles, composed).
 * @csspart dialog - The native dialog.
 *
 * @customElement cm-lists-dialog
 */
export class ListsDialogElement extends StoreConsumer {
  static override styles = [baseStyles, buttonStyles, fieldStyles, dialogStyles, listsDialogStyles];

  /** This dialog's strings in the widget's language, with the host's overrides. */
  private get text(): ManageStrings {
    return resolveManageStrings(this.localeInfo.locale, this.localeInfo.strings);
  }

  @state() private newName = '';
  @state() private editingId: string | null = null;
  @state() private editName = '';
  @state() private confirmingDeleteId: string | null = null;
  @state() private error = '';
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  private returnFocusTo: HTMLElement | null = null;

  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the modal; focus returns to the element that had it when it closes. */
  async show(): Promise<void> {
    this.returnFocusTo = deepActiveElement();
    this.error = '';
    this.editingId = null;
    this.confirmingDeleteId = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLElement>('#new-list')?.focus();
    void this.store?.refreshLists();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private onClose(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target?.isConnected) target.focus();
  }

  private toast(message: string): void {
    this.dispatchEvent(new CustomEvent('cm-toast', { detail: { message }, bubbles: true, composed: true }));
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await work();
    } catch (error) {
      this.error = describeError(error, this.labels);
      this.store?.dismissError();
    } finally {
      this.busy = false;
    }
  }

  private async create(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.newName.trim();
    if (!name) {
      this.error = this.text.listNameRequired;
      this.renderRoot.querySelector<HTMLElement>('#new-list')?.focus();
      return;
    }
    await this.run(async () => {
      const list = await this.store!.createList(name);
      this.newName = '';
      this.toast(formatString(this.text.toastListCreated, { name: list.name }));
    });
  }

  private startRename(list: ContactList): void {
    this.editingId = list.id;
    this.editName = list.name;
    this.confirmingDeleteId = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.rename input')?.select());
  }

  private async saveRename(event: Event, list: ContactList): Promise<void> {
    event.preventDefault();
    const name = this.editName.trim();
    if (!name) {
      this.error = this.text.listNameRequired;
      return;
    }
    await this.run(async () => {
      const renamed = await this.store!.renameList(list.id, name);
      this.editingId = null;
      this.toast(formatString(this.text.toastListRenamed, { name: renamed.name }));
      await this.focusRow(list.id, '.rename-button');
    });
  }

  private async confirmDelete(list: ContactList): Promise<void> {
    this.confirmingDeleteId = list.id;
    this.editingId = null;
    await this.focusRow(list.id, '.confirm-delete');
  }

  private async deleteList(list: ContactList): Promise<void> {
    await this.run(async () => {
      await this.store!.deleteList(list.id);
      this.confirmingDeleteId = null;
      this.toast(formatString(this.text.toastListDeleted, { name: list.name }));
      this.renderRoot.querySelector<HTMLElement>('#new-list')?.focus();
    });
  }

  private async focusRow(listId: string, selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-list-id="${listId}"] ${selector}`)?.focus();
  }

  private renderList(list: ContactList) {
    const strings = this.text;
    const locale = this.localeInfo.locale;
    const count = formatPlural(locale, { one: strings.listContactsOne, other: strings.listContacts }, list.contactCount);
    if (this.editingId === list.id) {
      return html`<li data-list-id=${list.id}>
        <form class="rename" @submit=${(event: Event) => this.saveRename(event, list)}>
          <label class="visually-hidden" for=${`rename-${list.id}`}>${strings.listRenameLabel}</label>
          <input
            id=${`rename-${list.id}`}
            class="input"
            maxlength="100"
            .value=${this.editName}
            @input=${(event: Event) => (this.editName = (event.target as HTMLInputElement).value)}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                this.editingId = null;
                void this.focusRow(list.id, '.rename-button');
              }
            }}
          />
          <span class="row-actions">
            <button type="submit" class="button primary" ?disabled=${this.busy}>${strings.saveListName}</button>
            <button type="button" class="button" @click=${() => ((this.editingId = null), void this.focusRow(list.id, '.rename-button'))}>
              ${strings.cancel}
            </button>
          </span>
        </form>
      </li>`;
    }
    return html`<li data-list-id=${list.id}>
      <span class="list-name"><span class="name">${list.name}</span> <span class="count">${count}</span></span>
      ${this.permissions.manageLists
        ? html`<span class="row-actions">
            <button type="button" class="button rename-button" aria-label=${`${strings.renameList} ${list.name}`} @click=${() => this.startRename(list)}>
              ${strings.renameList}
            </button>
            <button type="button" class="button delete-button" aria-label=${`${strings.deleteList} ${list.name}`} @click=${() => this.confirmDelete(list)}>
              ${strings.deleteList}
            </button>
          </span>`
        : nothing}
      ${this.confirmingDeleteId === list.id
        ? html`<div class="confirm" role="group" aria-labelledby=${`confirm-${list.id}`}>
            <p id=${`confirm-${list.id}`}><strong>${formatString(strings.listDeleteTitle, { name: list.name })}</strong> ${strings.listDeleteBody}</p>
            <span class="row-actions">
              <button type="button" class="button danger confirm-delete" ?disabled=${this.busy} @click=${() => this.deleteList(list)}>
                ${strings.deleteList}
              </button>
              <button type="button" class="button" @click=${() => ((this.confirmingDeleteId = null), void this.focusRow(list.id, '.delete-button'))}>
                ${strings.cancel}
              </button>
            </span>
          </div>`
        : nothing}
    </li>`;
  }

  override render() {
    const strings = this.text;
    const lists = this.snapshot?.lists ?? [];
    return html`<dialog part="dialog" aria-labelledby="lists-title" @close=${this.onClose}>
      <div class="dialog-header"><h2 id="lists-title">${strings.listsTitle}</h2></div>
      <div class="dialog-body">
        ${this.permissions.manageLists
          ? html`<form class="create" @submit=${this.create}>
              <label for="new-list">${strings.listNameLabel}</label>
              <span class="create-row">
                <input
                  id="new-list"
                  class="input"
                  maxlength="100"
                  autocomplete="off"
                  aria-describedby=${this.error ? 'lists-error' : nothing}
                  .value=${this.newName}
                  @input=${(event: Event) => (this.newName = (event.target as HTMLInputElement).value)}
                />
                <button type="submit" class="button primary create-list" ?disabled=${this.busy}>${strings.createList}</button>
              </span>
            </form>`
          : nothing}
        ${this.error ? html`<p class="error" id="lists-error" role="alert">${this.error}</p>` : nothing}
        ${lists.length === 0
          ? html`<p class="empty">${strings.listsEmpty}</p>`
          : html`<ul class="lists" aria-label=${strings.listsTitle}>
              ${lists.map((list) => this.renderList(list))}
            </ul>`}
      </div>
      <div class="dialog-footer">
        <button type="button" class="button close" @click=${() => this.close()}>${strings.close}</button>
      </div>
    </dialog>`;
  }
}
