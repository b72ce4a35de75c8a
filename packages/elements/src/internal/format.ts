// Building an Intl formatter costs far more than using one (a list re-renders its counts on every
// scroll frame): one per locale, made on first use. An unknown locale falls back to English.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function formatterFor<T>(cache: Map<string, T>, locale: string, create: (locale: string) => T): T {
  let formatter = cache.get(locale);
  if (!formatter) {
    try {
      formatter = create(locale);
    } catch {
      formatter = create('en');
    }
    cache.set(locale, formatter);
  }
  return formatter;
}

/** A date in the user's locale ("Nov 26, 2026"); the raw text when it cannot be parsed. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatterFor(dateFormats, locale, (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium' })).format(date);
}

/** A count in the user's locale ("100,000" / "100 000"). */
export function formatCount(count: number, locale: string): string {
  return formatterFor(numberFormats, locale, (tag) => new Intl.NumberFormat(tag)).format(count);
}

/** Up to two initials for the avatar. */
export function initialsOf(fullName: string): string {
  const words = fullName
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
