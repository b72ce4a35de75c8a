import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('sorts in creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 2000 }, () => newId('ct', 1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^ct_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('never goes backwards when the clock does', () => {
    const later = newId('ls', 1_800_000_000_000);
    const earlierClock = newId('ls', 1_700_000_000_000);
    expect(earlierClock > later).toBe(true);
  });

  it('carries the count-up across digits, as a number would', () => {
    // Enough ids in one millisecond that the last random digit wraps many times.
    const ids = Array.from({ length: 40_000 }, () => newId('jb', 1_850_000_000_000));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    const time = ids[0]!.slice(3, 13);
    expect(ids.every((id) => id.slice(3, 13) === time)).toBe(true);
    expect(ids.every((id) => /^jb_[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
  });

  it('starts a fresh random part in a new millisecond', () => {
    const first = newId('ct', 1_900_000_000_000);
    const next = newId('ct', 1_900_000_000_001);
    expect(next.slice(3, 13) > first.slice(3, 13)).toBe(true);
  });
});
