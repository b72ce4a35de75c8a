// React components for the widget's custom elements, made with @lit/react: properties are set as
// element properties (objects and functions included) and each `contacts-…`/`cm-…` event is an
// `on…` prop with its typed event. Importing this module is safe during server-side rendering:
// React renders the tag there and the element upgrades on the client.
// The default import is React's CommonJS module.exports in Node's ESM loader and in every bundler.
import React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  ActionMenuElement,
  ConfirmDialogElement,
  ContactDetailElement,
  ContactFormElement,
  ContactListElement,
  ContactsManagerElement,
  ToastRegionElement,
  define,
  type ActionMenuSelectDetail,
  type ContactSelectDetail,
  type ContactsManagerEventMap,
} from '@contacts-manager/elements';

// The tags register where there is a registry: in the browser, and in Node under Lit's SSR shim.
// A tag another copy of the package registered first is left as it is.
if (typeof customElements !== 'undefined') define();

const contactsEvents = {
  onContactsCreated: 'contacts-created' as EventName<ContactsManagerEventMap['contacts-created']>,
  onContactsUpdated: 'contacts-updated' as EventName<ContactsManagerEventMap['contacts-updated']>,
  onContactsDeleted: 'contacts-deleted' as EventName<ContactsManagerEventMap['contacts-deleted']>,
  onContactsImportComplete: 'contacts-import-complete' as EventName<
    ContactsManagerEventMap['contacts-import-complete']
  >,
  onContactsError: 'contacts-error' as EventName<ContactsManagerEventMap['contacts-error']>,
  onContactsBeforeDelete: 'contacts-before-delete' as EventName<
    ContactsManagerEventMap['contacts-before-delete']
  >,
};

/** `<contacts-manager>`: the whole widget. */
export const ContactsManager = createComponent({
  react: React,
  tagName: 'contacts-manager',
  elementClass: ContactsManagerElement,
  events: contactsEvents,
  displayName: 'ContactsManager',
});

/** `<cm-contact-list>`: the virtualized list (inside a `<contacts-manager>` or a store context). */
export const ContactList = createComponent({
  react: React,
  tagName: 'cm-contact-list',
  elementClass: ContactListElement,
  events: { onContactSelect: 'cm-contact-select' as EventName<CustomEvent<ContactSelectDetail>> },
  displayName: 'ContactList',
});

/** `<cm-contact-detail>`: the selected contact's pane. */
export const ContactDetail = createComponent({
  react: React,
  tagName: 'cm-contact-detail',
  elementClass: ContactDetailElement,
  events: {
    onContactsBeforeDelete: contactsEvents.onContactsBeforeDelete,
    onContactsDeleted: contactsEvents.onContactsDeleted,
    onContactsUpdated: contactsEvents.onContactsUpdated,
  },
  displayName: 'ContactDetail',
});

/** `<cm-contact-form>`: the add / edit form. */
export const ContactForm = createComponent({
  react: React,
  tagName: 'cm-contact-form',
  elementClass: ContactFormElement,
  events: {
    onContactsCreated: contactsEvents.onContactsCreated,
    onContactsUpdated: contactsEvents.onContactsUpdated,
    onFormCancel: 'cm-form-cancel' as EventName<CustomEvent<void>>,
  },
  displayName: 'ContactForm',
});

/** `<cm-action-menu>`: a button with a menu of actions. */
export const ActionMenu = createComponent({
  react: React,
  tagName: 'cm-action-menu',
  elementClass: ActionMenuElement,
  events: { onMenuSelect: 'cm-menu-select' as EventName<CustomEvent<ActionMenuSelectDetail>> },
  displayName: 'ActionMenu',
});

/** `<cm-confirm-dialog>`: the confirmation dialog. */
export const ConfirmDialog = createComponent({
  react: React,
  tagName: 'cm-confirm-dialog',
  elementClass: ConfirmDialogElement,
  displayName: 'ConfirmDialog',
});

/** `<cm-toast-region>`: the live region for toasts. */
export const ToastRegion = createComponent({
  react: React,
  tagName: 'cm-toast-region',
  elementClass: ToastRegionElement,
  displayName: 'ToastRegion',
});

export type ContactsManagerProps = React.ComponentProps<typeof ContactsManager>;
export type ContactListProps = React.ComponentProps<typeof ContactList>;
export type ContactDetailProps = React.ComponentProps<typeof ContactDetail>;
export type ContactFormProps = React.ComponentProps<typeof ContactForm>;
export type ActionMenuProps = React.ComponentProps<typeof ActionMenu>;
export type ConfirmDialogProps = React.ComponentProps<typeof ConfirmDialog>;
export type ToastRegionProps = React.ComponentProps<typeof ToastRegion>;
export type { ContactsManagerEventMap } from '@contacts-manager/elements';
