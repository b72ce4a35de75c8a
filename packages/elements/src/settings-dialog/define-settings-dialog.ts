import { SettingsDialogElement } from './settings-dialog.js';

export { SettingsDialogElement };

/** Registers `<cm-settings-dialog>`; does nothing when the tag already exists (double loading). */
export function defineSettingsDialog(): void {
  if (typeof customElements !== 'undefined' && !customElements.get('cm-settings-dialog')) {
    customElements.define('cm-settings-dialog', SettingsDialogElement);
  }
}

// This module is the lazy chunk the shell loads on first use: loading it registers the tag.
defineSettingsDialog();

declare global {
  interface HTMLElementTagNameMap {
    'cm-settings-dialog': SettingsDialogElement;
  }
}
