// The validation report in detail, through the public entry point: each problem's line, column,
// value, message and severity; the counts; the limits at their edges. This is what the import
// dialog and the CLI show a user. (Written against the survivors of the mutation run.)
import { describe, expect, it } from 'vitest';
import {
  MAX_COLUMNS,
  MAX_REPORTED_PROBLEMS,
  validateContactsCsv,
  type CsvValidationReport,
} from '../../src/csv/index.js';

const validate = (
  text: string,
  options: Partial<Parameters<typeof validateContactsCsv>[1]> = {},
): Promise<CsvValidationReport> =>
  validateContactsCsv(text, { defaultCountry: 'US', ...options });

const problemAt = (report: CsvValidationReport, line: number) =>
  report.problems.filter((problem) => problem.line === line);

describe('the validation report', () => {
  it('names each problem by line, column, value and message, and counts every kind of row', async () => {
    const report = await validate(
      [
        'Full Name,Phone,Email',
        'Ada,+14155550101,ADA@Example.com',
        ',+14155550102,',
        'Bob,,',
        'Cy,12,',
        'Di,+14155550103,not-an-email',
        'Ed,(415) 555-0101,',
        '',
        ' , ,',
        'Flo,+14155550104,',
      ].join('\n'),
    );
    expect(report.counts).toEqual({
      lines: 10,
      rows: 7,
      valid: 3,
      invalid: 4,
      duplicates: 1,
      blankLines: 2,
      errors: 4,
      warnings: 1,
    });
    expect(report.ok).toBe(false);
    expect(report.problemsTruncated).toBe(false);
    expect(report.problemCounts).toEqual({
      missing_name: 1,
      missing_phone: 1,
      invalid_phone: 1,
      invalid_email: 1,
      duplicate_phone: 1,
    });
    expect(report.problems).toEqual([
      {
        line: 3,
        column: 'Full Name',
        columnNumber: 1,
        value: '',
        code: 'missing_name',
        message: 'The name is empty. Every contact needs a name.',
        severity: 'error',
      },
      {
        line: 4,
        column: 'Phone',
        columnNumber: 2,
        value: '',
        code: 'missing_phone',
        message: 'The phone number is empty. Every contact needs one.',
        severity: 'error',
      },
      {
        line: 5,
        column: 'Phone',
        columnNumber: 2,
        value: '12',
        code: 'invalid_phone',
        message: expect.stringMatching(/^"12" is not a valid phone number for US[^.]*\.$/),
        severity: 'error',
      },
      {
        line: 6,
        column: 'Email',
        columnNumber: 3,
        value: 'not-an-email',
        code: 'invalid_email',
        message:
          '"not-an-email" is not a valid email address (like name@example.com). Fix it or leave the cell empty.',
        severity: 'error',
      },
      {
        line: 7,
        column: 'Phone',
        columnNumber: 2,
        value: '(415) 555-0101',
        code: 'duplicate_phone',
        message:
          'Same phone (+14155550101) as line 2. Only one contact is kept per phone: this later one wins.',
        severity: 'warning',
      },
    ]);
  });

  it('warnings alone leave the file importable; no valid row does not', async () => {
    const warned = await validate('Full Name,Phone\nAda,+14155550101\nAda again,+14155550101\n');
    expect(warned).toMatchObject({ ok: true, counts: { valid: 2, duplicates: 1, errors: 0, warnings: 1 } });
    const onlyBad = await validate('Full Name,Phone\nAda,12\n');
    expect(onlyBad).toMatchObject({ ok: false, counts: { valid: 0, invalid: 1, errors: 1 } });
  });

  it('a name of 200 characters passes; 201 is too long, its value cut in the report', async () => {
    const longest = 'N'.repeat(200);
    const tooLong = 'N'.repeat(201);
    const report = await validate(`Full Name,Phone\n${longest},+14155550101\n${tooLong},+14155550102\n`);
    expect(report.counts).toMatchObject({ valid: 1, invalid: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 3,
        code: 'name_too_long',
        column: 'Full Name',
        value: `${'N'.repeat(200)}…`,
        message: 'The name has 201 characters; at most 200 are allowed.',
      }),
    ]);
  });

  it('an email of 254 characters passes; 255 does not; a valid one is not a problem whatever its case', async () => {
    const label = (length: number, letter: string) => letter.repeat(length);
    const domain = `${label(63, 'b')}.${label(63, 'c')}.${label(59, 'd')}.io`;
    const email254 = `${label(64 - (64 + 1 + domain.length - 254), 'a')}@${domain}`;
    expect(email254).toHaveLength(254);
    const email255 = `a${email254}`;
    const report = await validate(
      `Full Name,Phone,Email\nA,+14155550101,${email254}\nB,+14155550102,${email255}\nC,+14155550103,Mixed.Case@Example.COM\n`,
    );
    expect(report.problems.map((problem) => `${problem.line}:${problem.code}`)).toEqual(['3:invalid_email']);
    expect(report.problems[0]!.value).toBe(`${email255.slice(0, 200)}…`);
  });

  it('a name holding a control character is refused; tabs inside quotes are fine', async () => {
    const report = await validate('Full Name,Phone\n"Ad\u0001a",+14155550101\n"Tab\tName",+14155550102\n');
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 2,
        code: 'control_characters',
        column: 'Full Name',
        value: 'Ad\u0001a',
        message: 'The name holds invisible control characters (such as NUL). Retype it.',
        severity: 'error',
      }),
    ]);
    expect(report.counts.valid).toBe(1);
  });

  it('extra cells are named with the separator the file uses; empty trailing cells are not extra', async () => {
    const comma = await validate('Full Name,Phone\nAda,Lovelace,+14155550101\nBob,+14155550102,,\n');
    expect(problemAt(comma, 2)).toContainEqual(
      expect.objectContaining({
        code: 'extra_cells',
        column: null,
        columnNumber: null,
        value: 'Ada, Lovelace, +14155550101',
        message: 'This row has 3 cells where 2 are expected. A name or value holding a "," must be in quotes.',
      }),
    );
    expect(problemAt(comma, 3)).toEqual([]);
    const tabs = await validate('Full Name\tPhone\nAda\tLovelace\t+14155550101\n');
    expect(tabs.delimiter).toBe('\t');
    expect(problemAt(tabs, 2)).toContainEqual(
      expect.objectContaining({
        code: 'extra_cells',
        value: 'Ada ⇥ Lovelace ⇥ +14155550101',
        message: 'This row has 3 cells where 2 are expected. A name or value holding a "tab" must be in quotes.',
      }),
    );
    const semicolons = await validate('Full Name;Phone\nAda;Lovelace;+14155550101\n');
    expect(problemAt(semicolons, 2)).toContainEqual(
      expect.objectContaining({ code: 'extra_cells', value: 'Ada; Lovelace; +14155550101', message: expect.stringContaining('holding a ";" must be in quotes') }),
    );
  });

  it('keeps the first 1,000 problems, counts them all, and says the list is cut', async () => {
    const rows = Array.from({ length: MAX_REPORTED_PROBLEMS + 5 }, (_, index) => `Person ${index},`);
    const report = await validate(`Full Name,Phone\n${rows.join('\n')}\n`);
    expect(report.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(report.problemsTruncated).toBe(true);
    expect(report.counts).toMatchObject({ errors: MAX_REPORTED_PROBLEMS + 5, invalid: MAX_REPORTED_PROBLEMS + 5, valid: 0 });
    expect(report.problemCounts).toEqual({ missing_phone: MAX_REPORTED_PROBLEMS + 5 });
    expect(report.problems.at(-1)!.line).toBe(MAX_REPORTED_PROBLEMS + 1);
    const exactly = await validate(`Full Name,Phone\n${rows.slice(0, MAX_REPORTED_PROBLEMS).join('\n')}\n`);
    expect(exactly.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(exactly.problemsTruncated).toBe(false);
  });

  it('an empty file, a header alone, blank lines alone: each told in words', async () => {
    const empty = await validate('');
    expect(empty.problems).toEqual([
      expect.objectContaining({ line: 1, code: 'no_contacts', message: 'The file is empty: there are no contacts to import.' }),
    ]);
    expect(empty.ok).toBe(false);
    const headerOnly = await validate('Full Name,Phone\n\n\n');
    expect(headerOnly.problems).toEqual([
      expect.objectContaining({ code: 'no_contacts', message: 'The file has no contacts: only a header or blank lines.' }),
    ]);
    expect(headerOnly.problems[0]!.line).toBe(headerOnly.counts.lines);
    expect(headerOnly.counts.lines).toBeGreaterThan(1);
  });

  it(`${MAX_COLUMNS} columns are read; one more is refused as not a contacts file`, async () => {
    const header = (count: number) =>
      ['Full Name', 'Phone', ...Array.from({ length: count - 2 }, (_, index) => `Extra ${index}`)].join(',');
    const widest = await validate(`${header(MAX_COLUMNS)}\nAda,+14155550101\n`);
    expect(widest.problems).toEqual([]);
    expect(widest.counts.valid).toBe(1);
    const tooWide = await validate(`${header(MAX_COLUMNS + 1)}\nAda,+14155550101\n`);
    expect(tooWide.ok).toBe(false);
    expect(tooWide.problems).toEqual([
      expect.objectContaining({
        line: 1,
        code: 'too_many_columns',
        message:
          'The first line has 1,001 columns; a contacts file has at most 1,000. This is probably not a contacts file, or its separator is wrong.',
      }),
    ]);
    expect(tooWide.counts.valid).toBe(0);
  });

  it('without a header, a problem names the field it is in; national numbers use the default country in any case', async () => {
    const report = await validate('Ada Lovelace,020 7946 0958\nBob Marley,12\nCy Young,020 7946 0959\n', {
      defaultCountry: 'gb',
    });
    expect(report.defaultCountry).toBe('GB');
    expect(report.skipFirstLine).toBe(false);
    expect(report.counts).toMatchObject({ rows: 3, valid: 2, invalid: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 2, code: 'invalid_phone', column: 'Phone', columnNumber: 2, value: '12' }),
    ]);
  });

  it('reports progress as it reads and a last progress at the end, with the rows and errors so far', async () => {
    const lines = Array.from({ length: 5000 }, (_, index) =>
      index % 1000 === 999 ? `Bad ${index},12` : `Person ${index},+1415555${String(1000 + (index % 9000)).padStart(4, '0')}`,
    );
    const progress: { rows: number; errors: number; fraction: number | null }[] = [];
    const report = await validate(`Full Name,Phone\n${lines.join('\n')}\n`, {
      onProgress: (step) => progress.push(step),
    });
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toEqual({ rows: 5000, lines: report.counts.lines, errors: 5, fraction: 1 });
    for (const step of progress) {
      expect(step.rows).toBeLessThanOrEqual(5000);
      if (step.fraction !== null) expect(step.fraction).toBeLessThanOrEqual(1);
    }
  });

  it('a header row left in is one invalid row, shown as the user sees it', async () => {
    const report = await validate('Full Name,Phone\nAda,+14155550101\n', { skipFirstLine: false });
    expect(report.counts).toMatchObject({ rows: 2, valid: 1, invalid: 1, errors: 1 });
    expect(report.problems).toEqual([
      {
        line: 1,
        column: null,
        columnNumber: null,
        value: 'Full Name, Phone',
        code: 'header_row',
        message: 'This first line looks like a header (column names), not a contact. Tick "Skip first line".',
        severity: 'error',
      },
    ]);
  });

  it('quote problems are explained in words', async () => {
    const unclosed = await validate('Full Name,Phone\nAda,+14155550101\n"Bob,+14155550102\nCy,+14155550103\n');
    expect(unclosed.problems).toContainEqual(
      expect.objectContaining({
        line: 3,
        code: 'unclosed_quote',
        column: null,
        value: '',
        severity: 'error',
        message:
          'A quote (") opened on this line is never closed, so the rest of the file was read as one cell. Close the quote or remove it.',
      }),
    );
    const misplaced = await validate('Full Name,Phone\n"Ada" Lovelace,+14155550101\n');
    expect(misplaced.problems).toContainEqual(
      expect.objectContaining({
        line: 2,
        code: 'malformed_quotes',
        severity: 'error',
        message:
          'A quote (") in this row is misplaced: a quoted cell must end with a quote right before the separator. The row may be split wrongly.',
      }),
    );
  });

  it('header names are trimmed; columns that cannot be mapped are named in the problem', async () => {
    const trimmed = await validate(' Full Name , Phone \nAda,+14155550101\n');
    expect(trimmed.headers).toEqual(['Full Name', 'Phone']);
    expect(trimmed.ok).toBe(true);
    const unmapped = await validate('Full Name,Colour\nAda,red\nBob,blue\n');
    expect(unmapped.ok).toBe(false);
    expect(unmapped.problems).toEqual([
      expect.objectContaining({ line: 1, code: 'mapping_required', value: 'Full Name, Colour', severity: 'error' }),
    ]);
  });

  it('a short two-column file separated by semicolons is read as such, trailing newline and all', async () => {
    const report = await validate('Full Name;Phone\nAda;+14155550101\nBob;+14155550102\n');
    expect(report).toMatchObject({ delimiter: ';', ok: true, headers: ['Full Name', 'Phone'], counts: { valid: 2 } });
  });

  it('an explicit separator is used as given', async () => {
    const report = await validate('Full Name;Phone\nAda;+14155550101\nBob;+14155550102\n', { delimiter: ';' });
    expect(report).toMatchObject({ delimiter: ';', ok: true, counts: { valid: 2 } });
  });

  it('an empty file has no header and nothing skipped; an empty vCard file says it holds no cards', async () => {
    const empty = await validate('');
    expect(empty).toMatchObject({ headerDetected: false, skipFirstLine: false, headers: null });
    const noCards = await validate('', { format: 'vcard' });
    expect(noCards.problems).toEqual([
      expect.objectContaining({ code: 'no_contacts', message: 'The file holds no contact cards (BEGIN:VCARD … END:VCARD).' }),
    ]);
  });

  it('in a vCard file, a repeated number names the card it repeats', async () => {
    const card = (name: string, tel: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nTEL:${tel}\r\nEND:VCARD\r\n`;
    const report = await validate(card('Ada', '+14155550101') + card('Bob', '+14155550102') + card('Ada again', '+1 415 555 0101'));
    expect(report).toMatchObject({ format: 'vcard', skipFirstLine: false, headerDetected: true });
    expect(report.counts).toMatchObject({ valid: 3, duplicates: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'duplicate_phone',
        message: 'Same phone (+14155550101) as card 1. Only one contact is kept per phone: this later one wins.',
      }),
    ]);
  });
});
