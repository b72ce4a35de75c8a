// Which cell a row's problem shows when the value came from one of several columns or from a
// multi-value cell, and which rows count as blank. (Written against the survivors of the
// mutation run on the row mapper and the row validator.)
import { describe, expect, it } from 'vitest';
import { validateContactsCsv } from '../../src/csv/index.js';

async function problems(text: string): Promise<Array<[number, string | null, number | null, string, string]>> {
  const report = await validateContactsCsv(text, { defaultCountry: 'US' });
  return report.problems.map((problem) => [problem.line, problem.column, problem.columnNumber, problem.value, problem.code]);
}

describe('the cell a problem shows', () => {
  it('no usable phone in any column: the first value seen, in its column', async () => {
    expect(await problems('Name,Mobile Phone,Home Phone\nAda,abc,12\n')).toEqual([[2, 'Mobile Phone', 2, 'abc', 'invalid_phone']]);
    expect(await problems('Name,Mobile Phone,Home Phone\nAda,,12\n')).toEqual([[2, 'Home Phone', 3, '12', 'invalid_phone']]);
    expect(await problems('Name,Phone\nAda,abc ::: 12\n')).toEqual([[2, 'Phone', 2, 'abc', 'invalid_phone']]);
    expect(await problems('Name,Phone,Other Phone\nAda,,abc ::: 12\n')).toEqual([[2, 'Other Phone', 3, 'abc', 'invalid_phone']]);
    expect(await problems('Name,Phone,Other Phone\nAda, ::: ,xyz\n')).toEqual([[2, 'Other Phone', 3, 'xyz', 'invalid_phone']]);
  });

  it('a usable value in a later column or part is taken, with no problem', async () => {
    const report = await validateContactsCsv('Name,Mobile Phone,Home Phone\nAda,abc,+14155550101\nBob,12 ::: +14155550102,\n', { defaultCountry: 'US' });
    expect(report.counts).toMatchObject({ valid: 2, errors: 0 });
  });

  it('a missing name points at the name column, wherever it is', async () => {
    expect(await problems('Phone,Full Name\n+14155550101,\n')).toEqual([[2, 'Full Name', 2, '', 'missing_name']]);
    expect(await problems('Phone,First Name,Last Name\n+14155550101,,\n')).toEqual([[2, 'First Name', 2, '', 'missing_name']]);
  });
});

describe('blank rows', () => {
  it('a row with only an email is not blank: it lacks a name and a phone', async () => {
    const report = await validateContactsCsv('Full Name,Phone,Email\nAda,+14155550101,\n,,x@example.com\n, ,\n', { defaultCountry: 'US' });
    expect(report.counts).toMatchObject({ rows: 2, valid: 1, invalid: 1, blankLines: 1 });
    expect(report.problems.map((problem) => [problem.line, problem.code])).toEqual([
      [3, 'missing_name'],
      [3, 'missing_phone'],
    ]);
  });
});
