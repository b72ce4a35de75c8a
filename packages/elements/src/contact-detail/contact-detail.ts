import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { Contact } from '@contacts-manager/core';
import { StoreConsumer } from '../internal/store-consumer.js';
import { baseStyles, buttonStyles } from '../styles/index.js';
import { formatString } from '../i18n/resolve-strings.js';
import { formatDate } from '../internal/format.js';
import { formatPhone, loadPhoneLibrary } from '../internal/phone-display.js';
import { emitContactsEvent } from '../events.js';
import type { ConfirmDialogElement } from '../confirm-dialog/confirm-dialog.js';
import type { ActionMenuItem, ActionMenuSelectDetail } from '../action-menu/action-menu.js';
import { contactDetailStyles } from './contact-detail.styles.js';

/**
 * The selected contact on the right: its name, the "Action" menu (Delete, behind a confirmation
 * dialog and a cancelable `contacts-before-delete`), the edit form, and the consent message status.
 *
 * @event contacts-before-delete - Cancelable; fired when the user chooses Delete, before the confirmation.
 * @event contacts-deleted - The contact was deleted.
 * @event contacts-updated - The consent message was sent.
 * @csspart header - The name and the Action menu.
 * @csspart consent - The consent message status.
 *
 * @customElement cm-contact-detail
 */
export class ContactDetailElement extends StoreConsumer {
  static override styles = [baseStyles, buttonStyles, contactDetailStyles];

  @state() private busy = false;
  @query('cm-confirm-dialog') private confirmDialog!: ConfirmDialogElement;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadPhoneLibrary().then(() => this.requestUpdate(), () => undefined);
  }

  private get contact(): Contact | null {
    return this.snapshot?.selected ?? null;
  }

  private get menuItems(): ActionMenuItem[] {
    const contact = this.contact;
    if (!contact || this.offline) return [];
    const items: ActionMenuItem[] = [];
    if (this.permissions.deleteContacts) items.push({ id: 'delete', label: this.labels.delete, danger: true });
    return items;
  }

  private canSendConsent(contact: Contact): boolean {
    return this.permissions.editContacts && !this.offline && !contact.optedOut && contact.consent.status !== 'confirmed';
  }

  private toast(message: string): void {
    this.dispatchEvent(new CustomEvent('cm-toast', { detail: { message }, bubbles: true, composed: true }));
  }

  private onMenuSelect(event: CustomEvent<ActionMenuSelectDetail>): void {
    if (event.detail.id === 'delete') void this.requestDelete();
  }

  /** The Delete flow: cancelable event first, then the confirmation dialog, then the store. */
  async requestDelete(): Promise<void> {
    const contact = this.contact;
    if (!contact || !this.store || !this.permissions.deleteContacts) return;
    if (!emitContactsEvent(this, 'contacts-before-delete', { contact }, { cancelable: true })) return;
    const confirmed = await this.confirmDialog.ask({
      title: formatString(this.labels.deleteConfirmTitle, { name: contact.fullName }),
      body: this.labels.deleteConfirmBody,
      confirmLabel: this.labels.deleteConfirm,
      cancelLabel: this.labels.cancel,
      danger: true,
    });
    if (!confirmed) return;
    this.busy = true;
    // Once deleted, nothing is selected and the shell drops this pane: announce from the shell then.
    const shell = (this.getRootNode() as ShadowRoot).host ?? this;
    try {
      await this.store.deleteContact(contact.id);
      const target = this.isConnected ? this : shell;
      emitContactsEvent(target, 'contacts-deleted', { id: contact.id, contact });
      target.dispatchEvent(
        new CustomEvent('cm-toast', {
          detail: { message: formatString(this.labels.toastDeleted, { name: contact.fullName }) },
          bubbles: true,
          composed: true,
        }),
      );
    } catch {
      // The store keeps the failure; the shell shows it in its banner and fires contacts-error.
    } finally {
      this.busy = false;
    }
  }

  private async sendConsent(): Promise<void> {
    const contact = this.contact;
    if (!contact || !this.store) return;
    this.busy = true;
    try {
      const updated = await this.store.sendConsentMessage(contact.id);
      emitContactsEvent(this, 'contacts-updated', { contact: updated });
      this.toast(formatString(this.labels.toastConsentSent, { name: updated.fullName }));
    } catch {
      // The store keeps the failure; the shell shows it in its banner and fires contacts-error.
    } finally {
      this.busy = false;
    }
  }

  private consentText(contact: Contact): string {
    const strings = this.labels;
    const date = formatDate(contact.consent.updatedAt, this.localeInfo.locale);
    switch (contact.consent.status) {
      case 'sent':
        return formatString(strings.consentSent, { date });
      case 'confirmed':
        return formatString(strings.consentConfirmed, { date });
      case 'declined':
        return formatString(strings.consentDeclined, { date });
      default:
        return strings.consentNotSent;
    }
  }

  override render() {
    const contact = this.contact;
    const strings = this.labels;
    if (!contact) return html`<p class="subtitle">${strings.selectPrompt}</p>`;
    const menuItems = this.menuItems;
    return html`<div class="header" part="header">
        <div>
          <h2>${contact.fullName}</h2>
          <p class="subtitle phone">${formatPhone(contact.phone, this.snapshot?.me?.account.defaultCountry)}</p>
        </div>
        ${menuItems.length > 0
          ? html`<cm-action-menu
              label=${strings.actions}
              label-suffix=${formatString(strings.actionsFor, { name: contact.fullName })}
              .items=${menuItems}
              ?disabled=${this.busy}
              @cm-menu-select=${this.onMenuSelect}
            ></cm-action-menu>`
          : nothing}
      </div>
      <cm-contact-form mode="edit" .contact=${contact}></cm-contact-form>
      <section class="consent" part="consent" aria-label=${strings.consentLabel}>
        <dl>
          <dt>${strings.consentLabel}</dt>
          <dd class="consent-status">${this.consentText(contact)}</dd>
        </dl>
        ${this.canSendConsent(contact)
          ? html`<button type="button" class="button send-consent" ?disabled=${this.busy} @click=${this.sendConsent}>
              ${strings.sendConsent}
            </button>`
          : nothing}
      </section>
      <cm-confirm-dialog></cm-confirm-dialog>`;
  }
}
