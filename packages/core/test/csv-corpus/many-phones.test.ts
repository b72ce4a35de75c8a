// A file with more distinct numbers than the validation's number index first makes room for
// (it sizes itself from the file's bytes): the index grows while the file is read, and every
// repeated number must still name the line it first appeared on. (Written against the
// survivors of the mutation run: the growth was never exercised.)
import { describe, expect, it } from 'vitest';
import { validateContactsCsv } from '../../src/csv/index.js';

/**
 * Distinct valid US numbers in a scattered order (a small xorshift walk), so that numbers land
 * in the same slots of the index and have to probe past each other, as real lists do.
 */
const AREAS = ['212', '415', '646', '718', '305', '617'];
const numbers: string[] = [];
{
  const seen = new Set<string>();
  let state = 0x2545f491;
  while (numbers.length < 100_001) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = state >>> 0;
    const candidate = `+1${AREAS[value % AREAS.length]}${200 + (value % 800)}${String(Math.floor(value / 800) % 10_000).padStart(4, '0')}`;
    if (!seen.has(candidate)) {
      seen.add(candidate);
      numbers.push(candidate);
    }
  }
}
const number = (n: number): string => numbers[n]!;

describe('repeated numbers in a large file', () => {
  it('100,000 distinct numbers, then repeats of the first, a middle and the last: each names its first line', async () => {
    const distinct = 100_000;
    const lines = ['Name,Phone'];
    for (let n = 0; n < distinct; n++) lines.push(`A,${number(n)}`);
    const repeated = [0, 54_321, distinct - 1];
    for (const n of repeated) lines.push(`B,${number(n)}`);
    lines.push(`C,${number(distinct)}`);
    const report = await validateContactsCsv(lines.join('\n'), { defaultCountry: 'US' });
    expect(report.counts).toMatchObject({ rows: distinct + 4, valid: distinct + 4, errors: 0, duplicates: 3 });
    // Line 1 is the header: number n is on line n + 2.
    expect(report.problems.map((problem) => [problem.code, problem.line, problem.message])).toEqual(
      repeated.map((n, index) => [
        'duplicate_phone',
        distinct + 2 + index,
        `Same phone (${number(n)}) as line ${n + 2}. Only one contact is kept per phone: this later one wins.`,
      ]),
    );
  }, 120_000);
});
