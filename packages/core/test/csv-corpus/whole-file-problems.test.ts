// Problems about the whole file rather than a row (nothing to import, no phone column): an
// error on line 1 (or the last line) that names no cell and shows the headers it looked at.
// (Written against the survivors of the mutation run on the validator.)
import { describe, expect, it } from 'vitest';
import { validateContactsCsv } from '../../src/csv/index.js';

const validate = (text: string) => validateContactsCsv(text, { defaultCountry: 'US' });

describe('whole-file problems', () => {
  it('an empty file and a header alone are errors with no value, and the file is not importable', async () => {
    for (const text of ['', 'Full Name,Phone\n', 'Full Name,Phone\n\n\n']) {
      const report = await validate(text);
      expect(report.ok, JSON.stringify(text)).toBe(false);
      expect(report.problems, JSON.stringify(text)).toEqual([expect.objectContaining({ code: 'no_contacts', value: '', severity: 'error', columnNumber: null })]);
    }
  });

  it('a file without a phone column shows the headers it read', async () => {
    const headed = await validate('Full Name,Email\nAda,ada@example.com\n');
    expect(headed.ok).toBe(false);
    expect(headed.problems).toEqual([expect.objectContaining({ line: 1, value: 'Full Name, Email', severity: 'error' })]);
  });
});
