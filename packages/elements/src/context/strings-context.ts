import { createContext } from '@lit/context';
import type { Strings } from '../i18n/en.js';

/** The resolved string table and locale, provided by `<contacts-manager>` to its inner components. */
export interface LocaleInfo {
  locale: string;
  strings: Strings;
}

export const localeContext = createContext<LocaleInfo>(Symbol.for('contacts-manager/locale'));
