// The right-hand pane's elements: loaded with the shell's first selection or "New Contact" (or
// when the browser is idle after the first page), so the script-tag bundle starts smaller.
import { ContactDetailElement } from './contact-detail/contact-detail.js';
import { ContactFormElement } from './contact-form/contact-form.js';
import { ConfirmDialogElement } from './confirm-dialog/confirm-dialog.js';

export const DETAIL_ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['cm-confirm-dialog', ConfirmDialogElement],
  ['cm-contact-form', ContactFormElement],
  ['cm-contact-detail', ContactDetailElement],
];

/** Registers the detail pane's tags; a tag already taken (double loading) is left alone. */
export function defineDetailElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, constructor] of DETAIL_ELEMENTS) {
    if (!registry.get(tag)) registry.define(tag, constructor);
  }
}
