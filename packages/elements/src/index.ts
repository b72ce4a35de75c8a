// The public API of @contacts-manager/elements. Importing it registers nothing: call `define()`,
// or import `@contacts-manager/elements/define`. The first import keeps zod off `new Function` (strict CSP).
import './internal/zod-jitless.js';
export { define, ELEMENTS } from './register.js';
export { ContactsManagerElement, type ContactsManagerTheme } from './contacts-manager/contacts-manager.js';
export { ContactListElement, type ContactSelectDetail, type BulkRequest, type BulkRequestDetail } from './contact-list/contact-list.js';
export { ContactDetailElement } from './contact-detail/contact-detail.js';
export { ContactFormElement } from './contact-form/contact-form.js';
export { ActionMenuElement, type ActionMenuItem, type ActionMenuSelectDetail } from './action-menu/action-menu.js';
export { ConfirmDialogElement, type ConfirmOptions } from './confirm-dialog/confirm-dialog.js';
export { ToastRegionElement, type Toast } from './toast-region/toast-region.js';
export { ListsDialogElement } from './lists-dialog/lists-dialog.js';
export { ExportDialogElement } from './export-dialog/export-dialog.js';
export { ListPickerDialogElement, type ListPickerOptions } from './list-picker-dialog/list-picker-dialog.js';
export { storeContext } from './context/store-context.js';
export { localeContext, type LocaleInfo } from './context/strings-context.js';
export {
  resolveStrings,
  formatString,
  loadLocale,
  SHIPPED_LANGUAGES,
  en,
  type Strings,
  type StringOverrides,
} from './i18n/resolve-strings.js';
export { fr } from './i18n/fr.js';
export {
  emitContactsEvent,
  type ContactsManagerEventMap,
  type ContactsManagerEventName,
  type ContactEventDetail,
  type ContactDeletedEventDetail,
  type ContactBeforeDeleteEventDetail,
  type ImportCompleteEventDetail,
  type ContactsErrorEventDetail,
} from './events.js';
