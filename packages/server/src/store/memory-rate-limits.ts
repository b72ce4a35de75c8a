import type { RateLimitsStore } from './types.js';

/**
 * Rate-limit windows in this process's memory: right for one process on one SQLite file, and
 * free of database writes. A window starts at a token's first request.
 */
export class MemoryRateLimits implements RateLimitsStore {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();
  private lastSweep = 0;

  hit(key: string, nowMs: number, windowMs: number): Promise<{ used: number; resetAtMs: number }> {
    if (nowMs - this.lastSweep > windowMs) {
      for (const [name, window] of this.windows) if (nowMs - window.startedAt >= windowMs) this.windows.delete(name);
      this.lastSweep = nowMs;
    }
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAt >= windowMs) {
      window = { startedAt: nowMs, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    return Promise.resolve({ used: window.used, resetAtMs: window.startedAt + windowMs });
  }
}
