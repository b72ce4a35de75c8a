import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';
import { normalizePhone, type PhoneNormalization } from '../phone/normalize-phone.js';

/*
 * libphonenumber-js rebuilds its regular expressions on every call (about 7 µs a number), which
 * caps a CSV validation at ~130k rows/s. For the plain shapes people type ("+44 20 7946 0958",
 * "(415) 555-0123", "415.555.0123") this module replays the library's own algorithm
 * (parse → country by calling code → national prefix → number type) over the same metadata
 * with the expressions compiled once, and hands every other shape, and every step where the
 * library would rewrite the number (IDD prefix, national prefix, calling code without "+"),
 * to `normalizePhone` itself. The equivalence is checked by a test against `normalizePhone`.
 */

const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_CALLING_CODE_LENGTH = 3;
const E164_SHAPE = /^\+[1-9]\d{6,14}$/;
// Digits with the separators people type; "+" only in front; must end on a digit.
const PLAIN_PHONE = /^\+?[\s(]*\d[\d\s().\-/]*\d$/;
const NON_DIGITS = /\D/g;
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

// The parts of libphonenumber-js's numbering plan this module reads (public in JS, untyped in its d.ts).
interface NumberingPlanInternals {
  callingCode(): string;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  IDDPrefix(): string | undefined;
  leadingDigits(): string | undefined;
  type(name: string): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
}

interface CompiledType {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

interface CompiledPlan {
  country: string;
  callingCode: string;
  national: RegExp;
  types: CompiledType[];
  leadingDigits: RegExp | null;
  nationalPrefixForParsing: RegExp | null;
  iddPrefix: RegExp | null;
}

const metadata = new Metadata(metadataJson as MetadataJson);
const plans = new Map<string, CompiledPlan>();

function compilePlan(country: string): CompiledPlan {
  let plan = plans.get(country);
  if (plan) return plan;
  metadata.selectNumberingPlan(country as CountryCode);
  const numberingPlan = metadata.numberingPlan as unknown as NumberingPlanInternals;
  const types: CompiledType[] = [];
  for (const typeName of NUMBER_TYPES) {
    const type = numberingPlan.type(typeName);
    const pattern = type?.pattern();
    if (!type || !pattern) continue;
    types.push({ pattern: new RegExp(`^(?:${pattern})$`), lengths: type.possibleLengths() });
  }
  const leadingDigits = numberingPlan.leadingDigits();
  const prefixForParsing = numberingPlan.nationalPrefixForParsing();
  const idd = numberingPlan.IDDPrefix();
  plan = {
    country,
    callingCode: numberingPlan.callingCode(),
    national: new RegExp(`^(?:${numberingPlan.nationalNumberPattern()})$`),
    types,
    leadingDigits: leadingDigits ? new RegExp(`^(?:${leadingDigits})`) : null,
    nationalPrefixForParsing: prefixForParsing ? new RegExp(`^(?:${prefixForParsing})`) : null,
    iddPrefix: idd ? new RegExp(`^(?:${idd})`) : null,
  };
  plans.set(country, plan);
  return plan;
}

/** The library's `getNumberType(...) !== undefined`, which is what `isValid()` means. */
function hasNumberType(nationalNumber: string, plan: CompiledPlan): boolean {
  if (!plan.national.test(nationalNumber)) return false;
  for (const type of plan.types) {
    if (type.lengths && !type.lengths.includes(nationalNumber.length)) continue;
    if (type.pattern.test(nationalNumber)) return true;
  }
  return false;
}

function countriesFor(callingCode: string): readonly string[] | undefined {
  return (metadataJson as MetadataJson).country_calling_codes[callingCode];
}

/** The library's getCountryByCallingCode for a calling code shared by several countries. */
function countryByNationalNumber(nationalNumber: string, countries: readonly string[]): CompiledPlan | undefined {
  if (countries.length === 1) return compilePlan(countries[0]!);
  for (const country of countries) {
    const plan = compilePlan(country);
    if (plan.leadingDigits) {
      if (plan.leadingDigits.test(nationalNumber)) return plan;
    } else if (hasNumberType(nationalNumber, plan)) {
      return plan;
    }
  }
  return undefined;
}

const BAIL = null;

/** Returns the E.164 form, `false` when the library would call the number invalid, or null when only the library can tell. */
function fastPath(digits: string, international: boolean, defaultCountry: CompiledPlan): string | false | null {
  let callingCode: string;
  let number: string;
  let fallbackPlan: CompiledPlan;
  if (international) {
    if (digits[0] === '0') return false;
    let found: string | undefined;
    for (let length = 1; length <= MAX_CALLING_CODE_LENGTH && length <= digits.length; length++) {
      const candidate = digits.slice(0, length);
      if (countriesFor(candidate)) {
        found = candidate;
        break;
      }
      // Non-geographic codes (+800, +882...) take another path in the library.
      if ((metadataJson as MetadataJson).nonGeographic?.[candidate]) return BAIL;
    }
    if (!found) return BAIL;
    callingCode = found;
    number = digits.slice(found.length);
    fallbackPlan = compilePlan(countriesFor(found)![0]!);
  } else {
    if (defaultCountry.iddPrefix?.test(digits)) return BAIL;
    if (digits.startsWith(defaultCountry.callingCode)) return BAIL;
    callingCode = defaultCountry.callingCode;
    number = digits;
    fallbackPlan = defaultCountry;
  }
  const mainPlan = international ? fallbackPlan : defaultCountry;
  if (mainPlan.nationalPrefixForParsing?.test(number)) return BAIL;
  if (number.length < MIN_NATIONAL_LENGTH || number.length > MAX_NATIONAL_LENGTH) return false;
  const countries = countriesFor(callingCode);
  if (!countries) return BAIL;
  const plan = countryByNationalNumber(number, countries) ?? fallbackPlan;
  if (!hasNumberType(number, plan)) return false;
  const e164 = `+${callingCode}${number}`;
  return E164_SHAPE.test(e164) ? e164 : false;
}

export interface PhoneNormalizer {
  (input: string): PhoneNormalization;
}

/**
 * A `normalizePhone` bound to one default country, with the fast path above and a bounded
 * cache of recent answers (lists repeat numbers: family members, office lines).
 */
export function createPhoneNormalizer(defaultCountry: string, cacheSize = 50_000): PhoneNormalizer {
  const country = defaultCountry.toUpperCase();
  let plan: CompiledPlan | null = null;
  try {
    plan = compilePlan(country);
  } catch {
    plan = null; // unknown country: normalizePhone reports it the usual way
  }
  let cache = new Map<string, PhoneNormalization>();
  return (input: string) => {
    const cached = cache.get(input);
    if (cached) return cached;
    let result: PhoneNormalization | undefined;
    const text = input.trim();
    if (plan && text.length <= 40 && PLAIN_PHONE.test(text)) {
      let international = text[0] === '+';
      let digits = text.replace(NON_DIGITS, '');
      if (!international && digits.startsWith('00')) {
        international = true;
        digits = digits.slice(2);
      }
      if (digits.length >= 3) {
        const fast = fastPath(digits, international, plan);
        if (fast) result = { ok: true, e164: fast };
      }
      // Invalid answers take the slow path too, for the library's exact message.
    }
    result ??= normalizePhone(input, country);
    if (cache.size >= cacheSize) cache = new Map();
    cache.set(input, result);
    return result;
  };
}
