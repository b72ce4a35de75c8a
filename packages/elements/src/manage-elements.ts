// Lists, export and bulk-action dialogs (and the bulk actions' flow): loaded the first time one is needed.
import { ExportDialogElement } from './export-dialog/export-dialog.js';
import { ListPickerDialogElement } from './list-picker-dialog/list-picker-dialog.js';
import { ListsDialogElement } from './lists-dialog/lists-dialog.js';

export const MANAGE_ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['cm-lists-dialog', ListsDialogElement],
  ['cm-export-dialog', ExportDialogElement],
  ['cm-list-picker-dialog', ListPickerDialogElement],
];

/** Registers the dialogs' tags; a tag already taken is left alone. */
export function defineManageElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, constructor] of MANAGE_ELEMENTS) {
    if (!registry.get(tag)) registry.define(tag, constructor);
  }
}

export { runBulkRequest, type BulkRequestContext } from './bulk-request/run-bulk-request.js';
