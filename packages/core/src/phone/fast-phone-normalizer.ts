import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';
import { normalizePhone, type PhoneNormalization } from './normalize-phone.js';

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
const NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

// The parts of libphonenumber-js's numbering plan this module reads (public in JS, untyped in its d.ts).
interface NumberingPlanInternals {
  callingCode(): string;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  IDDPrefix(): string | undefined;
  leadingDigits(): string | undefined;
  type(
    name: string,
  ): { pattern(): string | undefined; possibleLengths(): number[] | undefined } | undefined;
}

interface CompiledType {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

/** Whether a number starts with a prefix pattern of the metadata. */
type PrefixTest = (digits: string) => boolean;

interface CompiledPlan {
  country: string;
  callingCode: string;
  national: RegExp;
  types: CompiledType[];
  leadingDigits: RegExp | null;
  nationalPrefixForParsing: PrefixTest | null;
  iddPrefix: PrefixTest | null;
}

const LITERAL_ALTERNATIVES = /^\d+(?:\|\d+)*$/;

/**
 * `^(?:pattern)` as a test. Most prefixes in the metadata are digits ("011", "1") or a choice of
 * them ("0|180020"): those become startsWith calls, which cost a tenth of a regular expression.
 */
function prefixTest(pattern: string | undefined): PrefixTest | null {
  if (!pattern) return null;
  if (LITERAL_ALTERNATIVES.test(pattern)) {
    const literals = pattern.split('|');
    if (literals.length === 1) {
      const literal = literals[0]!;
      return (digits) => digits.startsWith(literal);
    }
    return (digits) => literals.some((literal) => digits.startsWith(literal));
  }
  const expression = new RegExp(`^(?:${pattern})`);
  return (digits) => expression.test(digits);
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
    nationalPrefixForParsing: prefixTest(prefixForParsing),
    iddPrefix: prefixTest(idd),
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

const BAIL = null;
const GEOGRAPHIC = 1;
const NON_GEOGRAPHIC = 2;
/** Every calling code (1 to 999) and whether it is geographic, for a lookup without strings. */
const CALLING_CODE_KINDS = new Uint8Array(1000);
for (const code of Object.keys((metadataJson as MetadataJson).country_calling_codes))
  CALLING_CODE_KINDS[Number(code)] = GEOGRAPHIC;
for (const code of Object.keys((metadataJson as MetadataJson).nonGeographic ?? {}))
  CALLING_CODE_KINDS[Number(code)] ||= NON_GEOGRAPHIC;

/** The compiled plans by calling code as a number (1 to 999): no string is cut, no map searched. */
const plansByCode: (CompiledPlan[] | undefined)[] = new Array<CompiledPlan[] | undefined>(1000);

/** The compiled plans of a calling code's countries, main country first. */
function plansForCode(code: number): CompiledPlan[] | undefined {
  const cached = plansByCode[code];
  if (cached) return cached;
  const countries = countriesFor(String(code));
  if (!countries) return undefined;
  return (plansByCode[code] = countries.map(compilePlan));
}

/**
 * The library's getCountryByCallingCode then isValid: picks the country (for a calling code
 * shared by several, by leading digits or number type) and says whether the number has a type there.
 */
function isValidForCallingCode(
  nationalNumber: string,
  plans: CompiledPlan[],
  fallback: CompiledPlan,
): boolean {
  if (plans.length === 1) return hasNumberType(nationalNumber, plans[0]!);
  for (const plan of plans) {
    if (plan.leadingDigits) {
      if (plan.leadingDigits.test(nationalNumber)) return hasNumberType(nationalNumber, plan);
    } else if (hasNumberType(nationalNumber, plan)) {
      return true;
    }
  }
  return hasNumberType(nationalNumber, fallback);
}

/** Returns the E.164 form, `false` when the library would call the number invalid, or null when only the library can tell. */
function fastPath(
  digits: string,
  international: boolean,
  defaultCountry: CompiledPlan,
): string | false | null {
  let callingCode: string;
  let number: string;
  let plans: CompiledPlan[] | undefined;
  let mainPlan: CompiledPlan;
  if (international) {
    if (digits.charCodeAt(0) === 48) return false; // "+0…"
    let found = 0;
    let code = 0;
    for (let length = 1; length <= MAX_CALLING_CODE_LENGTH && length <= digits.length; length++) {
      // Calling codes by number: no string is cut, no map is searched.
      code = code * 10 + digits.charCodeAt(length - 1) - 48;
      const kind = CALLING_CODE_KINDS[code];
      if (kind === GEOGRAPHIC) {
        found = length;
        break;
      }
      // Non-geographic codes (+800, +882...) take another path in the library.
      if (kind === NON_GEOGRAPHIC) return BAIL;
    }
    if (found === 0) return BAIL;
    plans = plansForCode(code);
    if (!plans) return BAIL;
    mainPlan = plans[0]!;
    callingCode = mainPlan.callingCode;
    number = digits.slice(found);
  } else {
    if (defaultCountry.iddPrefix?.(digits)) return BAIL;
    if (digits.startsWith(defaultCountry.callingCode)) return BAIL;
    callingCode = defaultCountry.callingCode;
    number = digits;
    plans = plansForCode(Number(callingCode));
    if (!plans) return BAIL;
    mainPlan = defaultCountry;
  }
  if (mainPlan.nationalPrefixForParsing?.(number)) return BAIL;
  if (number.length < MIN_NATIONAL_LENGTH || number.length > MAX_NATIONAL_LENGTH) return false;
  if (!isValidForCallingCode(number, plans, mainPlan)) return false;
  // E.164: 7 to 15 digits in all (the calling code never starts with 0).
  const length = callingCode.length + number.length;
  return length >= 7 && length <= 15 ? `+${callingCode}${number}` : false;
}

/** JavaScript's `\s` (white space and line terminators), which the plain shape allows between digits. */
function isSpace(code: number): boolean {
  return code <= 32
    ? code === 32 || (code >= 9 && code <= 13)
    : code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff;
}

/** `(`, `)`, `.`, `-`, `/` or a space: what people type between the digits. */
function isSeparator(code: number): boolean {
  return code === 40 || code === 41 || code === 46 || code === 45 || code === 47 || isSpace(code);
}

/**
 * The digits of a number in a plain shape, or null for any other shape. The plain shapes are
 * `+?\d+` and `+?[\s(]*\d[\d\s().\-/]*\d` (digits with the separators people type, "+" only in
 * front, a digit last), tested in one pass over the characters that also gathers the digits:
 * three regular expressions' work (two tests and a replace) for the price of a loop.
 */
function plainPhoneDigits(text: string): string | null {
  const length = text.length;
  let index = text.charCodeAt(0) === 43 ? 1 : 0; // "+"
  const start = index;
  // `[\s(]*` before the first digit: the bare-digits shape has none.
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code !== 40 && !isSpace(code)) break;
    index++;
  }
  const firstDigit = index;
  let digits = '';
  let runStart = -1;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (runStart === -1) runStart = index;
    } else if (index > firstDigit && isSeparator(code)) {
      if (runStart !== -1) {
        digits += text.slice(runStart, index);
        runStart = -1;
      }
    } else {
      return null;
    }
  }
  // Ends on a digit (so runStart is set), and the first character after the prefix was one.
  if (runStart === -1 || firstDigit >= length) return null;
  if (firstDigit === start && digits === '') return runStart === start ? text.slice(start) : null;
  // The plain shape needs a second digit after the first one.
  if (length - firstDigit < 2) return null;
  return digits + text.slice(runStart);
}

export interface PhoneNormalizer {
  (input: string): PhoneNormalization;
  /** Just the E.164 form, or null when invalid: no result object (bulk callers, a million rows). */
  e164(input: string): string | null;
}

/**
 * A `normalizePhone` bound to one default country, with the fast path above and a bounded
 * cache of the slow answers (lists repeat numbers: family members, office lines).
 */
export function createPhoneNormalizer(defaultCountry: string, cacheSize = 50_000): PhoneNormalizer {
  const country = defaultCountry.toUpperCase();
  let plan: CompiledPlan | null = null;
  try {
    plan = compilePlan(country);
  } catch {
    plan = null; // unknown country: normalizePhone reports it the usual way
  }
  const fast = (input: string): string | null => {
    if (!plan) return null;
    const text = input.trim();
    if (text.length > 40) return null;
    let digits = plainPhoneDigits(text);
    if (digits === null) return null;
    let international = text.charCodeAt(0) === 43; // "+"
    if (!international && digits.startsWith('00')) {
      international = true;
      digits = digits.slice(2);
    }
    // Invalid answers take the slow path too, for the library's exact message.
    return digits.length >= 3 ? fastPath(digits, international, plan) || null : null;
  };
  // Only the slow answers are cached: the fast path costs less than a cache lookup.
  let cache = new Map<string, PhoneNormalization>();
  const slow = (input: string): PhoneNormalization => {
    let result = cache.get(input);
    if (result) return result;
    result = normalizePhone(input, country);
    if (cache.size >= cacheSize) cache = new Map();
    // A flat copy of the key: the input is often a slice of a large parsed text.
    cache.set(` ${input}`.slice(1), result);
    return result;
  };
  const normalizer = (input: string): PhoneNormalization => {
    const e164 = fast(input);
    return e164 ? { ok: true, e164 } : slow(input);
  };
  normalizer.e164 = (input: string): string | null => {
    const e164 = fast(input);
    if (e164) return e164;
    const result = slow(input);
    return result.ok ? result.e164 : null;
  };
  return normalizer;
}
