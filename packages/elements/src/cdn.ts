// The script-tag build's entry (`<script type="module" src=".../contacts-manager.js">`, which the
// classic `contacts-manager.iife.js` loads too): registers the tags on load. The detail pane, the
// import and settings dialogs and the IndexedDB cache arrive as lazy chunks.
import './internal/zod-jitless.js';
import { defineShellElements } from './shell-elements.js';
import { loadDetailElements } from './internal/load-detail-elements.js';

/** Registers every tag (the detail pane's once its chunk has loaded). */
export async function define(): Promise<void> {
  defineShellElements();
  await loadDetailElements();
}

defineShellElements();

export { ContactsManagerElement } from './contacts-manager/contacts-manager.js';
export { resolveStrings, formatString } from './i18n/resolve-strings.js';
