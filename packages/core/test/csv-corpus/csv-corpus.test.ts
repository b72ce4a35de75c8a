import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvError, validateContactsCsv, type CsvValidationReport } from '../../src/csv/index.js';
import { csvFile, validateContactsCsv as validateInNode } from '../../src/csv/node.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../csv-fixtures/${name}`, import.meta.url));
const validate = (
  name: string,
  options: Partial<Parameters<typeof validateContactsCsv>[1]> = {},
): Promise<CsvValidationReport> =>
  validateContactsCsv(csvFile(fixture(name)), { defaultCountry: 'US', ...options });
const codes = (report: CsvValidationReport): string[] =>
  report.problems.map((problem) => `${problem.line}:${problem.code}`);

describe('the bad and odd CSV corpus', () => {
  it('unclosed quote: an error on the line where the quote opens, nothing valid after it', async () => {
    const report = await validate('unclosed-quote.csv');
    expect(report.ok).toBe(false);
    expect(codes(report)).toContain('3:unclosed_quote');
    expect(report.counts.valid).toBe(1);
  });

  it('ragged rows: an unquoted comma and missing cells are reported per line', async () => {
    const report = await validate('ragged-rows.csv');
    expect(codes(report)).toEqual(
      expect.arrayContaining(['3:extra_cells', '3:invalid_phone', '4:missing_phone']),
    );
    expect(report.problems.find((problem) => problem.line === 3)?.message).toMatch(/quotes/);
    expect(report.counts.valid).toBe(2);
  });

  it('BOM: stripped, so the first header is recognised', async () => {
    const report = await validate('bom.csv');
    expect(report.headers?.[0]).toBe('Full Name');
    expect(report.ok).toBe(true);
  });

  it('semicolons and French headers with national numbers in the default country', async () => {
    const report = await validate('semicolon.csv', { defaultCountry: 'FR' });
    expect(report.delimiter).toBe(';');
    expect(report.mapping).toEqual({ fullName: 0, phone: 1, email: 2 });
    expect(report.ok).toBe(true);
    expect(report.counts.valid).toBe(2);
  });

  it('tabs', async () => {
    const report = await validate('tab.tsv');
    expect(report.delimiter).toBe('\t');
    expect(report.ok).toBe(true);
  });

  it('CR, LF and CRLF mixed, with a quoted line break: every row read, line numbers as an editor shows them', async () => {
    const rows: Array<{ name: string; line: number }> = [];
    const { scanContactsCsv } = await import('../../src/csv/validate-contacts-csv.js');
    const { report } = await scanContactsCsv(
      csvFile(fixture('mixed-line-endings.csv')),
      { defaultCountry: 'US' },
      {
        onValidRows: (batch, lines) =>
          batch.forEach((row, index) => rows.push({ name: row.fullName, line: lines[index]! })),
      },
    );
    expect(report.ok).toBe(true);
    expect(rows).toEqual([
      { name: 'Alice', line: 2 },
      { name: 'Bob', line: 3 },
      { name: 'Carol', line: 4 },
      { name: 'Dan\nthe Man', line: 5 },
    ]);
  });

  it('Windows-1252 bytes: decoded as such and reported', async () => {
    const rows: string[] = [];
    const { scanContactsCsv } = await import('../../src/csv/validate-contacts-csv.js');
    const { report } = await scanContactsCsv(
      csvFile(fixture('windows-1252.csv')),
      { defaultCountry: 'US' },
      { onValidRows: (batch) => batch.forEach((row) => rows.push(row.fullName)) },
    );
    expect(report.encoding).toBe('windows-1252');
    expect(rows).toEqual(['José Muñoz', 'Françoise “Fran”']);
  });

  it('UTF-16 (Excel "Unicode text")', async () => {
    const report = await validate('utf16le.csv');
    expect(report.encoding).toBe('utf-16le');
    expect(report.ok).toBe(true);
  });

  it('empty file and header only: a report that says there is nothing to import', async () => {
    for (const name of ['empty.csv', 'header-only.csv']) {
      const report = await validate(name);
      expect(report.ok).toBe(false);
      expect(report.problems.map((problem) => problem.code)).toEqual(['no_contacts']);
    }
  });

  it('NUL bytes and binary garbage: a clear error, not rows of junk', async () => {
    await expect(validate('nul-bytes.csv')).rejects.toMatchObject({
      name: 'CsvError',
      code: 'binary_file',
    });
    let seed = 42;
    const garbage = new Uint8Array(200_000).map(
      () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff,
    );
    await expect(
      validateContactsCsv(new Blob([garbage]), { defaultCountry: 'US' }),
    ).rejects.toBeInstanceOf(CsvError);
  });

  it('NUL bytes after the first 4 KB: the cell is reported', async () => {
    const rows = Array.from(
      { length: 200 },
      (_, index) => `Person ${index},+1415555${String(index).padStart(4, '0')},`,
    );
    rows.push('Bad\u0000Name,+14155559999,');
    const report = await validateContactsCsv(`Full Name,Phone,Email\n${rows.join('\n')}\n`, {
      defaultCountry: 'US',
    });
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 202, code: 'control_characters' }),
    ]);
  });

  it('a spreadsheet renamed .csv: told to save as CSV', async () => {
    await expect(validate('xlsx-renamed.csv')).rejects.toMatchObject({
      code: 'spreadsheet_file',
      message: expect.stringMatching(/save it as "CSV/),
    });
  });

  it('formula cells: the export escape is reversed', async () => {
    const names: string[] = [];
    const { scanContactsCsv } = await import('../../src/csv/validate-contacts-csv.js');
    const { report } = await scanContactsCsv(
      csvFile(fixture('formula-cells.csv')),
      { defaultCountry: 'US' },
      {
        onValidRows: (batch) => batch.forEach((row) => names.push(`${row.fullName} ${row.phone}`)),
      },
    );
    expect(report.ok).toBe(true);
    expect(names).toEqual([
      '=HYPERLINK("http://evil") +14155550101',
      '+Plus Person +14155550102',
      '@At Person +14155550103',
      '=SUM(A1) +14155550104',
      '-Minus +14155550105',
    ]);
  });

  it('emoji and right-to-left names pass untouched', async () => {
    const names: string[] = [];
    const { scanContactsCsv } = await import('../../src/csv/validate-contacts-csv.js');
    const { report } = await scanContactsCsv(
      csvFile(fixture('emoji-rtl.csv')),
      { defaultCountry: 'US' },
      { onValidRows: (batch) => batch.forEach((row) => names.push(row.fullName)) },
    );
    expect(report.ok).toBe(true);
    expect(names).toEqual(['Zoë 🎉 Party', 'محمد العلي', 'שרה כהן', '👨‍👩‍👧 Family']);
  });

  it('Outlook, Google (old and new) and iPhone exports are mapped without help', async () => {
    const outlook = await validate('outlook.csv');
    expect(outlook.ok).toBe(true);
    expect(outlook.mapping).toEqual({
      firstName: 0,
      middleName: 1,
      lastName: 2,
      phone: 20,
      email: 14,
    });
    const google = await validate('google.csv', { defaultCountry: 'GB' });
    expect(google.mapping).toEqual({ fullName: 0, firstName: 1, middleName: 2, lastName: 3, phone: 10, email: 8 });
    expect(google.ok).toBe(true);
    expect((await validate('google-new.csv')).mapping).toEqual({
      firstName: 0,
      middleName: 1,
      lastName: 2,
      phone: 8,
      email: 6,
    });
    const iphone = await validate('iphone-export.csv');
    expect(iphone.mapping).toMatchObject({ firstName: 0, lastName: 1, email: 5 });
    expect(iphone.ok).toBe(true);
  });

  it('a file without a header: columns found from their content', async () => {
    const report = await validate('no-header.csv');
    expect(report.skipFirstLine).toBe(false);
    expect(report.ok).toBe(true);
    expect(report.counts.valid).toBe(2);
  });

  it('a header row not skipped is named as such', async () => {
    const report = await validate('bom.csv', { skipFirstLine: false });
    expect(report.headerDetected).toBe(true);
    expect(report.problems[0]).toMatchObject({ line: 1, code: 'header_row' });
  });

  it('a 10 MB single field: read and reported, not a crash', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const report = await validateContactsCsv(
      Readable.from([
        Buffer.from(`Full Name,Phone\n"${huge.slice(0, 5e6)}`),
        Buffer.from(`${huge.slice(5e6)}",+14155550101\n`),
      ]),
      { defaultCountry: 'US' },
    );
    expect(report.problems[0]).toMatchObject({ line: 2, code: 'name_too_long' });
    expect(report.problems[0]!.value.length).toBeLessThanOrEqual(201);
  });

  it('the same file as pasted text, a Blob, a web stream and a Node stream gives the same report', async () => {
    const bytes = readFileSync(fixture('mixed-line-endings.csv'));
    const reports = await Promise.all([
      validateContactsCsv(bytes.toString('utf8'), { defaultCountry: 'US' }),
      validateContactsCsv(new Blob([bytes]), { defaultCountry: 'US' }),
      validateContactsCsv(new Blob([bytes]).stream(), { defaultCountry: 'US' }),
      validateContactsCsv(Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]), {
        defaultCountry: 'US',
      }),
    ]);
    for (const report of reports)
      expect({ ...report, durationMs: 0 }).toEqual({ ...reports[0]!, durationMs: 0 });
  });

  it('a quote never closed near the top of a big file: a clear error after a bounded read, not a hang', async () => {
    const BLOCKS = 40;
    let blocksRead = 0;
    async function* file(): AsyncGenerator<Buffer> {
      yield Buffer.from('Full Name,Phone\n"Ada,+14155550101\n');
      const block = Buffer.from('Person,+14155550102\n'.repeat(50_000));
      for (let index = 0; index < BLOCKS; index++) {
        blocksRead++;
        yield block; // 40 MB more
      }
    }
    await expect(
      validateContactsCsv(Readable.from(file()), { defaultCountry: 'US' }),
    ).rejects.toMatchObject({ code: 'field_too_large', message: expect.stringMatching(/line 2/) });
    // Bounded: the reader gave up once the open field passed the cell limit, before the end of the file.
    expect(blocksRead).toBeLessThan(BLOCKS);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    async function* endless(): AsyncGenerator<string> {
      yield 'Full Name,Phone\n';
      for (let index = 0; ; index++) {
        if (index === 5) controller.abort();
        yield 'Person,+14155550102\n'.repeat(20_000);
      }
    }
    await expect(
      validateContactsCsv(endless(), { defaultCountry: 'US', signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('in Node, a path or a file: URL is read as the file it names', async () => {
    const path = fixture('no-header.csv');
    const fromPath = await validateInNode(path, { defaultCountry: 'US' });
    const fromUrl = await validateInNode(new URL(`file://${path}`), { defaultCountry: 'US' });
    expect(fromPath.counts.valid).toBe(2);
    expect({ ...fromUrl, durationMs: 0 }).toEqual({ ...fromPath, durationMs: 0 });
    // The browser entry reads any string as CSV text.
    expect((await validateContactsCsv(path, { defaultCountry: 'US' })).counts.valid).toBe(0);
  });
});
