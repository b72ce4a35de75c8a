import { DETAIL_ELEMENTS } from './detail-elements.js';
import { SHELL_ELEMENTS } from './shell-elements.js';
import { MANAGE_ELEMENTS } from './manage-elements.js';

/** Every tag of the widget and its class. The import and settings dialogs register themselves when lazily loaded. */
export const ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [...DETAIL_ELEMENTS, ...MANAGE_ELEMENTS, ...SHELL_ELEMENTS];

/**
 * Registers every tag. Safe to call many times, and safe when another copy of the package (a
 * script tag and a bundle on one page) registered them first: a taken tag is left as it is.
 */
export function define(registry: CustomElementRegistry = customElements): void {
  for (const [tag, constructor] of ELEMENTS) {
    if (!registry.get(tag)) registry.define(tag, constructor);
  }
}
