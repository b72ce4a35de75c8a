// The duplicate check runs once per batch of records (validate-contacts-csv.ts, finishBatch):
// its warnings must still stand in the report in file order among the other problems, the
// first MAX_REPORTED_PROBLEMS kept, across batch boundaries, as a user reading it expects.
import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_PROBLEMS } from './csv-validation-types.js';
import { validateContactsCsv } from './validate-contacts-csv.js';

const ROWS = 60_000;
const isBadPhone = (row: number): boolean => row % 97 === 0;
/** Every 150th row repeats the number of the row 140 before it. */
const repeatsRow = (row: number): number | null => (row % 150 === 149 ? row - 140 : null);

function phoneOf(key: number): string {
  return `+1 212 ${200 + Math.floor(key / 10_000)} ${String(key % 10_000).padStart(4, '0')}`;
}

describe('duplicate warnings in a report of several batches', () => {
  it('stand in file order among the errors, with the line of the first number, the first ones kept', async () => {
    let text = 'Name,Phone,Email\n';
    const expected: { line: number; code: string; earlierLine?: number }[] = [];
    for (let row = 0; row < ROWS; row++) {
      const line = row + 2;
      const repeated = repeatsRow(row);
      text += `Person ${row},${isBadPhone(row) ? '12' : phoneOf(repeated ?? row)},p${row}@example.com\n`;
      if (isBadPhone(row)) expected.push({ line, code: 'invalid_phone' });
      else if (repeated !== null && !isBadPhone(repeated))
        expected.push({ line, code: 'duplicate_phone', earlierLine: repeated + 2 });
    }
    // Enough text for many batches, and more problems than a report keeps.
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(expected.length).toBeGreaterThan(MAX_REPORTED_PROBLEMS);

    const report = await validateContactsCsv(text, { defaultCountry: 'US' });

    const duplicates = expected.filter((problem) => problem.code === 'duplicate_phone').length;
    expect(report.counts.duplicates).toBe(duplicates);
    expect(report.counts.warnings).toBe(duplicates);
    expect(report.counts.errors).toBe(expected.length - duplicates);
    expect(report.problemsTruncated).toBe(true);
    expect(report.problems.map(({ line, code }) => ({ line, code }))).toEqual(
      expected.slice(0, MAX_REPORTED_PROBLEMS).map(({ line, code }) => ({ line, code })),
    );
    for (const [index, problem] of report.problems.entries()) {
      const { earlierLine } = expected[index]!;
      if (earlierLine === undefined) continue;
      expect(problem.severity).toBe('warning');
      expect(problem.message).toContain(`as line ${earlierLine}.`);
    }
  });
});
