import { describe, expect, it } from 'vitest';
import {
  detectHeaderRow,
  guessMappingFromContent,
  resolveColumnMapping,
  suggestColumnMapping,
} from './column-mapping.js';
import { validateContactsCsv } from './validate-contacts-csv.js';

describe('column mapping', () => {
  it('matches headers in any case, spacing and punctuation', () => {
    expect(suggestColumnMapping(['  E-MAIL ', 'phone number', 'FULL_NAME'])).toEqual({
      email: 0,
      phone: 1,
      fullName: 2,
    });
    expect(suggestColumnMapping(['Cell', 'First Name', 'Last Name'])).toEqual({
      phone: 0,
      firstName: 1,
      lastName: 2,
    });
    expect(suggestColumnMapping(['Téléphone', 'Nom'])).toEqual({ phone: 0, fullName: 1 });
  });

  it('prefers a mobile column over a home phone, whatever their order', () => {
    expect(suggestColumnMapping(['Name', 'Home Phone', 'Mobile Phone']).phone).toBe(2);
  });

  it('detects a header row, and a file that starts with a contact', () => {
    expect(detectHeaderRow(['Full Name', 'Phone', 'Email'], [['Ada', '+14155550101', '']])).toBe(
      true,
    );
    expect(detectHeaderRow(['Ada', '+14155550101', 'ada@example.com'], [])).toBe(false);
    expect(detectHeaderRow(['Who', 'Digits'], [['Ada', '415 555 0101']])).toBe(true);
  });

  it('finds the columns of a file without a header from their content', () => {
    expect(guessMappingFromContent([['ada@example.com', '+14155550101', 'Ada']])).toEqual({
      email: 0,
      phone: 1,
      fullName: 2,
    });
  });

  it('applies overrides by header text or index, and explains what is wrong', () => {
    expect(
      resolveColumnMapping(
        { fullName: 0, phone: 1 },
        { phone: 'Work', firstName: 0, lastName: 3 },
        ['Given', 'Mobile', 'Work', 'Family'],
      ),
    ).toEqual({
      ok: true,
      mapping: { phone: 2, firstName: 0, lastName: 3 },
    });
    const missing = resolveColumnMapping({ fullName: 0 }, { phone: 'Fax' }, ['Name', 'Mobile']);
    expect(missing).toEqual({
      ok: false,
      message: 'There is no column named "Fax" for Phone. The columns are: Name, Mobile.',
    });
    expect(resolveColumnMapping({ fullName: 0 }, undefined, ['Name', 'Notes'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No column holds phone numbers/),
    });
  });

  it('reports a mapping it cannot make instead of guessing', async () => {
    const report = await validateContactsCsv('Name,Notes\nAda,likes maths\n', {
      defaultCountry: 'US',
      skipFirstLine: true,
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'mapping_required', line: 1 }),
    ]);
  });
});
