import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, parseRetrySchedule, retryDelayMs } from './webhook-retry-schedule.js';

describe('webhook retry schedule', () => {
  it('follows about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const nominal = [5, 300, 1800, 7200, 18_000, 36_000, 36_000].map((seconds) => seconds * 1000);
    nominal.forEach((ms, index) => {
      expect(retryDelayMs(index + 1, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0.5)).toBe(ms);
      expect(retryDelayMs(index + 1, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0)).toBe(ms * 0.8);
      const longest = retryDelayMs(index + 1, DEFAULT_RETRY_SCHEDULE_SECONDS, () => 0.999999)!;
      expect(longest).toBeLessThanOrEqual(ms * 1.2);
      expect(longest).toBeGreaterThan(ms * 1.19);
    });
    expect(retryDelayMs(8, DEFAULT_RETRY_SCHEDULE_SECONDS)).toBeNull();
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(2, DEFAULT_RETRY_SCHEDULE_SECONDS)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('parses --webhook-retry-schedule and refuses nonsense', () => {
    expect(parseRetrySchedule('1,2,4')).toEqual([1, 2, 4]);
    expect(parseRetrySchedule(' 0.5 , 3')).toEqual([0.5, 3]);
    for (const bad of ['', '1,,2', '1,-2', '0', 'a,b', '1e3']) expect(() => parseRetrySchedule(bad), bad).toThrow(/--webhook-retry-schedule/);
  });
});
