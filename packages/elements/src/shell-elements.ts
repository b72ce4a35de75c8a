// What the first paint needs: the shell, the contact list, the toasts and the menu the header
// collapses into when the container is narrow.
import { ContactsManagerElement } from './contacts-manager/contacts-manager.js';
import { ContactListElement } from './contact-list/contact-list.js';
import { ToastRegionElement } from './toast-region/toast-region.js';
import { ActionMenuElement } from './action-menu/action-menu.js';

export const SHELL_ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['cm-toast-region', ToastRegionElement],
  ['cm-action-menu', ActionMenuElement],
  ['cm-contact-list', ContactListElement],
  ['contacts-manager', ContactsManagerElement],
];

/** Registers the shell's tags (the detail pane's load on first use); safe to call twice. */
export function defineShellElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, constructor] of SHELL_ELEMENTS) {
    if (!registry.get(tag)) registry.define(tag, constructor);
  }
}
