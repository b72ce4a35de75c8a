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
});
