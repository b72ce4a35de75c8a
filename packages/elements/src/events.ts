// The public events of `<contacts-manager>`: prefixed `contacts-`, bubbling, composed, typed.
import type { Contact, ImportCounts } from '@contacts-manager/core';
import type { ContactsManagerElement } from './contacts-manager/contacts-manager.js';
import type { ContactListElement } from './contact-list/contact-list.js';
import type { ContactDetailElement } from './contact-detail/contact-detail.js';
import type { ContactFormElement } from './contact-form/contact-form.js';
import type { ActionMenuElement } from './action-menu/action-menu.js';
import type { ConfirmDialogElement } from './confirm-dialog/confirm-dialog.js';
import type { ToastRegionElement } from './toast-region/toast-region.js';

export interface ContactEventDetail {
  contact: Contact;
}

export interface ContactDeletedEventDetail {
  id: string;
  /** The contact as it was last shown, when known. */
  contact: Contact | null;
}

export interface ContactBeforeDeleteEventDetail {
  contact: Contact;
}

export interface ImportCompleteEventDetail {
  importId: string;
  listId: string | null;
  counts: ImportCounts;
}

export interface ContactsErrorEventDetail {
  /** A stable machine word (`duplicate_phone`, `network_error`, …). */
  code: string;
  /** A sentence for people. */
  message: string;
  /** The original error. */
  cause: unknown;
}

export interface ContactsManagerEventMap {
  'contacts-created': CustomEvent<ContactEventDetail>;
  'contacts-updated': CustomEvent<ContactEventDetail>;
  'contacts-deleted': CustomEvent<ContactDeletedEventDetail>;
  'contacts-import-complete': CustomEvent<ImportCompleteEventDetail>;
  'contacts-error': CustomEvent<ContactsErrorEventDetail>;
  /** Cancelable: `preventDefault()` keeps the contact (no confirmation dialog is shown). */
  'contacts-before-delete': CustomEvent<ContactBeforeDeleteEventDetail>;
}

export type ContactsManagerEventName = keyof ContactsManagerEventMap;

type DetailOf<Name extends ContactsManagerEventName> =
  ContactsManagerEventMap[Name] extends CustomEvent<infer Detail> ? Detail : never;

/**
 * Dispatches a public event from `target`: bubbling and composed, so it leaves every shadow root
 * and reaches the page. Returns false when a listener cancelled a cancelable event.
 */
export function emitContactsEvent<Name extends ContactsManagerEventName>(
  target: EventTarget,
  name: Name,
  detail: DetailOf<Name>,
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ContactsManagerEventMap {}

  interface HTMLElementTagNameMap {
    'contacts-manager': ContactsManagerElement;
    'cm-contact-list': ContactListElement;
    'cm-contact-detail': ContactDetailElement;
    'cm-contact-form': ContactFormElement;
    'cm-action-menu': ActionMenuElement;
    'cm-confirm-dialog': ConfirmDialogElement;
    'cm-toast-region': ToastRegionElement;
  }
}
