import { en, type Strings } from './en.js';
import { primaryLanguage } from './resolve-string-table.js';

export type { Strings } from './en.js';

/** What a host may override: any key of the shell's table, and of the dialogs' tables (`importTitle`, …). */
export type StringOverrides = Partial<Strings> & Readonly<Record<string, string>>;
export { en };

/**
 * The shipped locales' tables, by primary language subtag. English is built in; the others load
 * on demand (`loadLocale`), so the script-tag bundle does not carry every language.
 */
const LOADED: Record<string, Strings> = { en };
const LOADERS: Readonly<Record<string, () => Promise<Strings>>> = {
  fr: () => import('./fr.js').then((module) => module.fr),
};

/** The shipped languages. */
export const SHIPPED_LANGUAGES: readonly string[] = ['en', ...Object.keys(LOADERS)];

/** The primary language of a BCP 47 tag (`fr-CA` → `fr`), or `en` when not shipped. */
export function resolveLanguage(locale: string | null | undefined): string {
  const language = primaryLanguage(locale);
  return SHIPPED_LANGUAGES.includes(language) ? language : 'en';
}

/** Whether a locale's table is ready (English always is). */
export function isLocaleLoaded(locale: string | null | undefined): boolean {
  return resolveLanguage(locale) in LOADED;
}

/** Loads a shipped locale's table once; resolves at once for English and unknown languages. */
export async function loadLocale(locale: string | null | undefined): Promise<void> {
  const language = resolveLanguage(locale);
  if (language in LOADED) return;
  const load = LOADERS[language];
  if (load) LOADED[language] = await load();
}

/** The string table for a locale (English until its table has loaded), with the host's overrides on top. */
export function resolveStrings(locale: string | null | undefined, overrides?: StringOverrides | null): Strings {
  const base = LOADED[resolveLanguage(locale)] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}

/** Fills `{placeholder}`s; unknown placeholders stay visible so a missing value is noticed. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
