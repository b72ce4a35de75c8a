import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../import/run-import.js';
import { createProgressDisplay } from './progress-display.js';

const at = (
  phase: ImportProgress['phase'],
  fraction: number,
  chunksUploaded = 0,
): ImportProgress => ({
  phase,
  importId: 'im_1',
  rowsValidated: 5000,
  rowsTotal: 5000,
  rowsUploaded: chunksUploaded * 1000,
  chunksTotal: 5,
  chunksUploaded,
  job: null,
  fraction,
});

describe('the CLI progress display', () => {
  it('redraws one bar in place on a terminal', () => {
    let text = '';
    const display = createProgressDisplay({
      isTTY: true,
      columns: 80,
      write: (chunk) => (text += String(chunk)),
    });
    display.update(at('uploading', 0.48, 2));
    display.update(at('uploading', 0.62, 3));
    display.end();
    expect(text.split('\r').filter(Boolean)).toHaveLength(2);
    expect(text).toMatch(/\[█+░+\] {2}62% uploading 3\/5 chunks, 3,000\/5,000 rows\s*\n$/);
  });

  it('prints a plain line per phase and per 10 % elsewhere (logs, pipes)', () => {
    const lines: string[] = [];
    const display = createProgressDisplay({ write: (chunk) => lines.push(String(chunk)) });
    for (const fraction of [0.2, 0.21, 0.22, 0.35]) display.update(at('uploading', fraction, 1));
    display.update(at('done', 1, 5));
    expect(lines).toEqual([
      '20% uploading 1/5 chunks, 1,000/5,000 rows\n',
      '35% uploading 1/5 chunks, 1,000/5,000 rows\n',
      '100% done\n',
    ]);
  });
});
