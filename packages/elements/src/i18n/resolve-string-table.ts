/** The primary language subtag of a BCP 47 tag (`fr-CA` → `fr`). */
export function primaryLanguage(locale: string | null | undefined): string {
  return (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * One part's string table for a locale (English when the language is not shipped), with the
 * host's overrides for that table's keys on top. The lazily loaded dialogs keep their own
 * tables, so overrides meant for other parts are ignored here.
 */
export function resolveStringTable<T extends Readonly<Record<string, string>>>(
  tables: Readonly<{ en: T } & Record<string, T>>,
  locale: string | null | undefined,
  overrides?: Partial<Record<string, string>> | null,
): T {
  const base = tables[primaryLanguage(locale)] ?? tables.en;
  if (!overrides) return base;
  const merged: Record<string, string> = { ...base };
  for (const key of Object.keys(base)) {
    const value = overrides[key];
    if (typeof value === 'string') merged[key] = value;
  }
  return merged as T;
}
