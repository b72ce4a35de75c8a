import type { RateLimitsStore } from '../types.js';
import { one, type Queryable } from './queryable.js';

/** How often (in hits) a process drops windows that have ended. */
const SWEEP_EVERY = 1000;

/**
 * Rate-limit counters every instance shares: one row per token and clock-aligned window,
 * counted with an atomic upsert (an UNLOGGED table: counters need no crash safety).
 */
export class PostgresRateLimitsStore implements RateLimitsStore {
  private hits = 0;

  constructor(private readonly db: Queryable) {}

  async hit(key: string, nowMs: number, windowMs: number): Promise<{ used: number; resetAtMs: number }> {
    const windowStart = Math.floor(nowMs / windowMs) * windowMs;
    const row = await one<{ used: number }>(
      this.db,
      `INSERT INTO rate_limit_windows (token_hash, window_start, used) VALUES ($1, $2, 1)
       ON CONFLICT (token_hash, window_start) DO UPDATE SET used = rate_limit_windows.used + 1 RETURNING used`,
      [key, windowStart],
    );
    if (++this.hits % SWEEP_EVERY === 0) await this.db.query(`DELETE FROM rate_limit_windows WHERE window_start < $1`, [windowStart - windowMs]);
    return { used: row?.used ?? 1, resetAtMs: windowStart + windowMs };
  }
}
