import { ImportDialogElement } from './import-dialog.js';

export { ImportDialogElement };

/** Registers `<cm-import-dialog>`; does nothing when the tag already exists (double loading). */
export function defineImportDialog(): void {
  if (typeof customElements !== 'undefined' && !customElements.get('cm-import-dialog')) {
    customElements.define('cm-import-dialog', ImportDialogElement);
  }
}

// This module is the lazy chunk the shell loads on first use: loading it registers the tag.
defineImportDialog();

declare global {
  interface HTMLElementTagNameMap {
    'cm-import-dialog': ImportDialogElement;
  }
}
