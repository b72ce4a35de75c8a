// The commit's compact number sets against plain Sets and Maps: a wrong answer here would
// skip a row of an import or count an opted-out number as new.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LastRowOfEachPhone, PhoneSet } from './phone-set.js';

/** Mostly E.164 numbers from a small pool (so they repeat), now and then another form. */
const phoneArbitrary = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 400 }).map((n) => `+1415555${String(n).padStart(4, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('+44 20 7946 0018', 'ext-12', '+0123') },
);

describe('PhoneSet', () => {
  it('answers as a Set would, also past the size it was made for', () => {
    fc.assert(
      fc.property(fc.array(phoneArbitrary, { maxLength: 600 }), fc.array(phoneArbitrary, { maxLength: 50 }), fc.nat({ max: 20 }), (added, asked, expected) => {
        const set = new PhoneSet(expected);
        const reference = new Set<string>();
        for (const phone of added) {
          expect(set.add(phone)).toBe(!reference.has(phone));
          reference.add(phone);
        }
        expect(set.size).toBe(reference.size);
        for (const phone of [...added, ...asked]) expect(set.has(phone)).toBe(reference.has(phone));
      }),
    );
  });
});

describe('LastRowOfEachPhone', () => {
  it("applies exactly each number's last row, and counts the distinct numbers", () => {
    fc.assert(
      fc.property(fc.array(phoneArbitrary, { maxLength: 600 }), (rows) => {
        const lastRows = new LastRowOfEachPhone(rows.length);
        rows.forEach((phone, position) => lastRows.note(phone, position));
        lastRows.finish();
        const lastOf = new Map(rows.map((phone, position) => [phone, position]));
        expect(lastRows.distinct).toBe(lastOf.size);
        rows.forEach((phone, position) => expect(lastRows.isLast(phone, position)).toBe(lastOf.get(phone) === position));
      }),
    );
  });
});
