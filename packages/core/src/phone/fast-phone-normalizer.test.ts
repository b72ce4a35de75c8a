import fc from 'fast-check';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalize-phone.js';
import { createPhoneNormalizer } from './fast-phone-normalizer.js';

const COUNTRIES = [
  'US',
  'GB',
  'FR',
  'DE',
  'IN',
  'AU',
  'CA',
  'BR',
  'NG',
  'IT',
  'RU',
  'JP',
  'MX',
  'ZA',
  'AR',
];

function separated(digits: string, separators: string[]): string {
  let out = '';
  for (let i = 0; i < digits.length; i++)
    out +=
      (i > 0 && i % 3 === 0 ? (separators[i % separators.length] ?? '') : '') + digits.charAt(i);
  return out;
}

describe('createPhoneNormalizer', () => {
  // Thousands of generated numbers through both normalisers: past the default 5 s on a loaded machine.
  it('gives exactly the answers of normalizePhone for plain numbers of many shapes and countries', () => {
    const digitString = fc.string({
      unit: fc.constantFrom(...'0123456789'),
      minLength: 3,
      maxLength: 16,
    });
    const prefix = fc.constantFrom(
      '',
      '+',
      '+1',
      '+44',
      '+33',
      '+49',
      '+91',
      '+61',
      '00',
      '00 44',
      '0',
      '1',
      '011',
      '+7',
      '+86',
      '+800',
      '+39',
    );
    const separators = fc.array(fc.constantFrom('', ' ', '-', '.', ') ', '/'), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNTRIES),
        prefix,
        digitString,
        separators,
        (country, lead, digits, seps) => {
          const input = `${lead}${separated(digits, seps)}`;
          const normalizer = createPhoneNormalizer(country);
          const expected = normalizePhone(input, country);
          expect(normalizer(input)).toEqual(expected);
          expect(normalizer.e164(input)).toBe(expected.ok ? expected.e164 : null);
        },
      ),
      { numRuns: 8_000 },
    );
  }, 120_000);

  it('agrees with normalizePhone around the example numbers of every country (mostly valid ones)', () => {
    const entries = Object.entries(examples as Record<string, string>);
    fc.assert(
      fc.property(
        fc.constantFrom(...entries),
        fc.constantFrom(...COUNTRIES),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 4 }),
        fc.constantFrom('international', 'national', 'idd'),
        ([exampleCountry, national], defaultCountry, tail, form) => {
          const mutated = national.slice(0, national.length - tail.length) + tail;
          const code = getCountryCallingCode(exampleCountry as CountryCode);
          const input =
            form === 'national'
              ? mutated
              : form === 'idd'
                ? `00 ${code} ${mutated}`
                : `+${code} ${mutated}`;
          const country = form === 'national' ? exampleCountry : defaultCountry;
          expect(createPhoneNormalizer(country)(input), `${input} in ${country}`).toEqual(
            normalizePhone(input, country),
          );
        },
      ),
      { numRuns: 8_000 },
    );
  });

  it('agrees with normalizePhone on valid numbers in national and international form', () => {
    const samples: Array<[string, string]> = [
      ['(415) 555-0123', 'US'],
      ['415.555.0123', 'US'],
      ['+1 415 555 0123', 'GB'],
      ['+44 20 7946 0958', 'US'],
      ['020 7946 0958', 'GB'],
      ['07700 900123', 'GB'],
      ['+33 6 12 34 56 78', 'FR'],
      ['06 12 34 56 78', 'FR'],
      ['613-555-0199', 'US'],
      ['+1 613 555 0199', 'US'],
      ['0044 20 7946 0958', 'FR'],
      ['+61 2 9374 4000', 'AU'],
      ['14155550123', 'US'],
      ['+49 30 901820', 'DE'],
      ['030 901820', 'DE'],
      ['98765 43210', 'IN'],
    ];
    for (const [input, country] of samples) {
      expect(createPhoneNormalizer(country)(input), `${input} in ${country}`).toEqual(
        normalizePhone(input, country),
      );
    }
  });

  it('turns national numbers into E.164 with the default country', () => {
    expect(createPhoneNormalizer('US')('(415) 555-0123')).toEqual({
      ok: true,
      e164: '+14155550123',
    });
    expect(createPhoneNormalizer('GB')('020 7946 0958')).toEqual({
      ok: true,
      e164: '+442079460958',
    });
    expect(createPhoneNormalizer('US')('555-01').ok).toBe(false);
  });
});
