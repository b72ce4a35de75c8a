import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type PhoneNormalization =
  { ok: true; e164: string } | { ok: false; code: 'invalid_phone'; message: string };

const E164_SHAPE = /^\+[1-9]\d{6,14}$/;

/**
 * Normalizes a phone typed in national or international form to E.164, using the account's
 * default country for national numbers. Returns a reason instead of throwing so bulk callers
 * (CSV validation, import chunks) stay cheap.
 */
export function normalizePhone(input: string, defaultCountry: string): PhoneNormalization {
  const text = input.trim();
  if (text === '') return { ok: false, code: 'invalid_phone', message: 'Phone is required' };
  // "00" is the international prefix in most of the world; libphonenumber wants "+".
  const candidate = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) {
    return {
      ok: false,
      code: 'invalid_phone',
      message: `"${text}" is not a valid phone number for ${defaultCountry.toUpperCase()} or in international form (+…)`,
    };
  }
  const e164 = parsed.number;
  if (!E164_SHAPE.test(e164)) {
    return { ok: false, code: 'invalid_phone', message: `"${text}" is not a valid phone number` };
  }
  return { ok: true, e164 };
}

/** The international calling code of a country ("US" → "1"), or null for an unknown country. */
export function callingCodeOf(country: string): string | null {
  try {
    return getCountryCallingCode(country.toUpperCase() as CountryCode);
  } catch {
    return null;
  }
}
