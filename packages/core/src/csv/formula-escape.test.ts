import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeFormulaCell, unescapeFormulaCell } from './formula-escape.js';

describe('the export formula escape and its reverse', () => {
  it('escapes what a spreadsheet would run, and a value already shaped like an escape', () => {
    expect(escapeFormulaCell('=1+1')).toBe("'=1+1");
    expect(escapeFormulaCell('-5')).toBe("'-5");
    expect(escapeFormulaCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeFormulaCell("'=1+1")).toBe("''=1+1");
    expect(escapeFormulaCell('+14155550100')).toBe('+14155550100');
    expect(escapeFormulaCell("'hello")).toBe("'hello");
    expect(escapeFormulaCell('Ada')).toBe('Ada');
  });

  it('every value survives export → import, whatever quotes and formula characters it starts with', () => {
    const start = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '1', ' ');
    const value = fc
      .tuple(fc.array(start, { maxLength: 4 }), fc.string({ maxLength: 8 }))
      .map(([head, tail]) => head.join('') + tail);
    fc.assert(
      fc.property(value, (text) => unescapeFormulaCell(escapeFormulaCell(text)) === text),
      { numRuns: 2000 },
    );
  });
});
