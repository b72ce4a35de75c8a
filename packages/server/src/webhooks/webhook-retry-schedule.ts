// When a failed delivery is tried again (api.md: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
// 10 h, then failed), with jitter so endpoints that failed together do not retry together.

/** Seconds to wait after attempt n (1-based) failed; past the end the delivery has failed. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/** Each wait is drawn within ±20 % of its nominal value. */
const JITTER = 0.2;

/**
 * The wait in ms before the next attempt after `failedAttempts` attempts failed, or null when
 * the schedule is exhausted and the delivery is failed for good.
 */
export function retryDelayMs(failedAttempts: number, schedule: readonly number[], random: () => number = Math.random): number | null {
  const nominal = schedule[failedAttempts - 1];
  if (nominal === undefined) return null;
  const factor = 1 - JITTER + random() * 2 * JITTER;
  return Math.round(nominal * 1000 * factor);
}

/** `--webhook-retry-schedule 1,2,4`: positive seconds, comma separated. */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const seconds = parts.map(Number);
  if (parts.length === 0 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part)) || seconds.some((value) => value <= 0)) {
    throw new Error(`--webhook-retry-schedule takes positive seconds separated by commas (like 1,2,4), not "${text}".`);
  }
  return seconds;
}
