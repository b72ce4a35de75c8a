import { en, type Strings } from './en.js';
import { fr } from './fr.js';
import { primaryLanguage } from './resolve-string-table.js';

export type { Strings } from './en.js';

/** What a host may override: any key of the shell's table, and of the dialogs' tables (`importTitle`, …). */
export type StringOverrides = Partial<Strings> & Readonly<Record<string, string>>;
export { en, fr };

/** The shipped locales, by primary language subtag. */
export const LOCALES: Readonly<Record<string, Strings>> = { en, fr };

/** The primary language of a BCP 47 tag (`fr-CA` → `fr`), or `en` when unknown. */
export function resolveLanguage(locale: string | null | undefined): string {
  const language = primaryLanguage(locale);
  return language in LOCALES ? language : 'en';
}

/** The string table for a locale, with the host's overrides on top. */
export function resolveStrings(locale: string | null | undefined, overrides?: StringOverrides | null): Strings {
  const base = LOCALES[resolveLanguage(locale)] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}

/** Fills `{placeholder}`s; unknown placeholders stay visible so a missing value is noticed. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
