// Phone numbers as people read them. libphonenumber's metadata is too heavy for the first paint:
// it loads after the first rows are on screen, and until then rows show the stored E.164.
type PhoneFormatter = (e164: string, accountCountry: string) => string;
type PhoneNormalizer = (input: string, defaultCountry: string) => { ok: boolean };

let formatter: PhoneFormatter | null = null;
let normalizer: PhoneNormalizer | null = null;
let loading: Promise<void> | null = null;

/** Loads the phone library once; resolves when numbers can be formatted and checked. */
export function loadPhoneLibrary(): Promise<void> {
  loading ??= import('@contacts-manager/core/phone').then((module) => {
    formatter = module.formatPhoneForDisplay;
    normalizer = module.normalizePhone;
  });
  return loading;
}

/**
 * Numbers already formatted, by country and number: a scrolled list shows the same rows again and
 * again, and formatting costs tens of microseconds each. Bounded: emptied when it grows too large.
 */
const formatted = new Map<string, string>();
const MAX_FORMATTED = 5_000;

/** National format for the account's country, international otherwise; E.164 until the library is loaded. */
export function formatPhone(e164: string, accountCountry: string | null | undefined): string {
  if (!formatter || !accountCountry) return e164;
  const key = `${accountCountry}|${e164}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    text = formatter(e164, accountCountry);
    formatted.set(key, text);
  }
  return text;
}

/** Whether a typed number is a valid phone number (loads the library on first use). */
export async function isValidPhone(input: string, defaultCountry: string): Promise<boolean> {
  await loadPhoneLibrary();
  return normalizer ? normalizer(input, defaultCountry).ok : true;
}
