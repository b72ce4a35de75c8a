import { ContactsManagerElement } from './contacts-manager/contacts-manager.js';
import { ContactListElement } from './contact-list/contact-list.js';
import { ContactDetailElement } from './contact-detail/contact-detail.js';
import { ContactFormElement } from './contact-form/contact-form.js';
import { ActionMenuElement } from './action-menu/action-menu.js';
import { ConfirmDialogElement } from './confirm-dialog/confirm-dialog.js';
import { ToastRegionElement } from './toast-region/toast-region.js';

/** Every tag of the shell and its class. The import and settings dialogs register themselves when lazily loaded. */
export const ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['cm-toast-region', ToastRegionElement],
  ['cm-confirm-dialog', ConfirmDialogElement],
  ['cm-action-menu', ActionMenuElement],
  ['cm-contact-form', ContactFormElement],
  ['cm-contact-detail', ContactDetailElement],
  ['cm-contact-list', ContactListElement],
  ['contacts-manager', ContactsManagerElement],
];

/**
 * Registers every tag. Safe to call many times, and safe when another copy of the package (a
 * script tag and a bundle on one page) registered them first: a taken tag is left as it is.
 */
export function define(registry: CustomElementRegistry = customElements): void {
  for (const [tag, constructor] of ELEMENTS) {
    if (!registry.get(tag)) registry.define(tag, constructor);
  }
}
