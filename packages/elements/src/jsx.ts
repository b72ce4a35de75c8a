// JSX typings for the tags, for React 18/19 and every JSX setup that reads React's `JSX`
// namespace: `import type {} from '@contacts-manager/elements/jsx'` once in the app (or list it
// in tsconfig `types`). A separate entry, because it needs @types/react, which the elements do not.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ActionMenuElement } from './action-menu/action-menu.js';
import type { ConfirmDialogElement } from './confirm-dialog/confirm-dialog.js';
import type { ContactDetailElement } from './contact-detail/contact-detail.js';
import type { ContactFormElement } from './contact-form/contact-form.js';
import type { ContactListElement } from './contact-list/contact-list.js';
import type {
  ContactsManagerElement,
  ContactsManagerTheme,
} from './contacts-manager/contacts-manager.js';
import type { ToastRegionElement } from './toast-region/toast-region.js';

/** React's props of a custom element: the usual HTML attributes, `class`, and the tag's own attributes. */
type TagProps<Element extends HTMLElement, Attributes> = DetailedHTMLProps<
  HTMLAttributes<Element>,
  Element
> &
  Attributes & { class?: string };

/** The attributes of `<contacts-manager>` (its properties as kebab-case attributes). */
export interface ContactsManagerAttributes {
  'base-url'?: string;
  token?: string;
  locale?: string;
  theme?: ContactsManagerTheme;
  'page-size'?: number | string;
  'no-cache'?: boolean;
}

export interface ContactsManagerIntrinsicElements {
  'contacts-manager': TagProps<ContactsManagerElement, ContactsManagerAttributes>;
  'cm-contact-list': TagProps<ContactListElement, object>;
  'cm-contact-detail': TagProps<ContactDetailElement, object>;
  'cm-contact-form': TagProps<ContactFormElement, { mode?: 'create' | 'edit' }>;
  'cm-action-menu': TagProps<
    ActionMenuElement,
    { label?: string; 'label-suffix'?: string; disabled?: boolean }
  >;
  'cm-confirm-dialog': TagProps<ConfirmDialogElement, object>;
  'cm-toast-region': TagProps<
    ToastRegionElement,
    { label?: string; 'dismiss-label'?: string; duration?: number | string }
  >;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends ContactsManagerIntrinsicElements {}
  }
}
