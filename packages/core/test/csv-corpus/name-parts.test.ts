// A contact's name from a file with first, middle and last name columns (and a full-name
// column left empty on some rows): the parts present, joined by single spaces, nothing else.
// (Written against the survivors of the mutation run on the row mapper.)
import { describe, expect, it } from 'vitest';
import { scanContactsCsv, type ValidContactRow } from '../../src/csv/validate-contacts-csv.js';

async function names(text: string): Promise<string[]> {
  const contacts: ValidContactRow[] = [];
  const { report } = await scanContactsCsv(
    text,
    { defaultCountry: 'US' },
    {
      onValidRows: (rows) => {
        contacts.push(...rows);
      },
    },
  );
  expect(report.counts.errors).toBe(0);
  return contacts.map((contact) => contact.fullName);
}

const phone = (n: number): string => `+1415555${String(100 + n).padStart(4, '0')}`;

describe('names from their parts', () => {
  it('joins the parts present with one space, whichever are missing', async () => {
    const rows: Array<[string, string, string]> = [
      ['Ada', '', 'Lovelace'],
      ['', '', 'Lovelace'],
      ['Ada', '', ''],
      ['Ada', 'Augusta', 'Lovelace'],
      ['', 'Augusta', ''],
      ['', 'Augusta', 'Lovelace'],
      ['Ada', 'Augusta', ''],
    ];
    const text = [
      'First Name,Middle Name,Last Name,Phone',
      ...rows.map((parts, n) => `${parts.join(',')},${phone(n)}`),
    ].join('\n');
    expect(await names(text)).toEqual([
      'Ada Lovelace',
      'Lovelace',
      'Ada',
      'Ada Augusta Lovelace',
      'Augusta',
      'Augusta Lovelace',
      'Ada Augusta',
    ]);
  });

  it('a full name wins; when it is empty the parts are used', async () => {
    const text = [
      'Full Name,First Name,Last Name,Phone',
      `Lady Ada,Ada,Lovelace,${phone(1)}`,
      `,Ada,Lovelace,${phone(2)}`,
      `,,Byron,${phone(3)}`,
    ].join('\n');
    expect(await names(text)).toEqual(['Lady Ada', 'Ada Lovelace', 'Byron']);
  });
});
