import type { ContactsStore } from '@contacts-manager/core';
import type { BulkRequest } from '../contact-list/contact-list.js';
import type { ConfirmDialogElement } from '../confirm-dialog/confirm-dialog.js';
import type { ListPickerDialogElement } from '../list-picker-dialog/list-picker-dialog.js';
import { formatPlural } from '../i18n/plural.js';
import { resolveManageStrings } from '../manage-strings/manage-strings.js';

export interface BulkRequestContext {
  store: ContactsStore;
  locale: string;
  overrides: Partial<Record<string, string>> | null;
  /** The confirmation dialog (Delete) and the list picker (Add to / Remove from list). */
  confirmDialog: ConfirmDialogElement | null;
  listPicker: ListPickerDialogElement | null;
  toast(message: string): void;
}

/**
 * A bulk action the user chose in the list's selection bar: asks what it needs (a confirmation
 * for Delete, a list for the list actions), runs it as server jobs through the store (progress
 * shows in the list meanwhile) and announces the result. Export is the export dialog's work.
 */
export async function runBulkRequest(action: Exclude<BulkRequest, 'export'>, context: BulkRequestContext): Promise<void> {
  const { store, locale } = context;
  const snapshot = store.getState();
  const text = resolveManageStrings(locale, context.overrides);
  const count = snapshot.selection.allMatching ? (snapshot.total ?? 0) : snapshot.selection.ids.length;
  let listId: string | undefined;
  if (action === 'delete') {
    const confirmed = await context.confirmDialog?.ask({
      title: formatPlural(locale, { one: text.bulkDeleteTitleOne, other: text.bulkDeleteTitle }, count),
      body: text.bulkDeleteBody,
      confirmLabel: text.bulkDeleteConfirm,
      cancelLabel: text.cancel,
      danger: true,
    });
    if (!confirmed) return;
  } else {
    const adding = action === 'addToList';
    const chosen = await context.listPicker?.ask({
      title: formatPlural(
        locale,
        adding ? { one: text.bulkAddTitleOne, other: text.bulkAddTitle } : { one: text.bulkRemoveTitleOne, other: text.bulkRemoveTitle },
        count,
      ),
      label: text.bulkListLabel,
      confirmLabel: adding ? text.bulkAddConfirm : text.bulkRemoveConfirm,
      cancelLabel: text.cancel,
      lists: snapshot.lists,
    });
    if (!chosen) return;
    listId = chosen;
  }
  try {
    const affected = await store.runBulk(action, listId ? { listId } : {});
    const list = snapshot.lists.find((item) => item.id === listId)?.name ?? '';
    const forms =
      action === 'delete'
        ? { one: text.toastBulkDeletedOne, other: text.toastBulkDeleted }
        : action === 'addToList'
          ? { one: text.toastBulkAddedOne, other: text.toastBulkAdded }
          : { one: text.toastBulkRemovedOne, other: text.toastBulkRemoved };
    context.toast(formatPlural(locale, forms, affected, { list }));
  } catch {
    // The store keeps the failure: the shell's banner shows it and contacts-error fired.
  }
}
