import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { RateLimitOptions } from './rate-limit.js';

/**
 * The peer's address as the socket sees it (forwarding headers are not trusted: anyone can
 * send them). Requests made in process (tests, `app.request`) share one key.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

/** Counts events per key in fixed windows; in memory, as the rate limit per token. */
export class WindowCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(private readonly options: RateLimitOptions) {}

  private windowOf(key: string, now: number): { startedAt: number; count: number } {
    const windowMs = this.options.windowSeconds * 1000;
    if (now - this.lastSweep > windowMs) {
      for (const [stale, window] of this.windows) if (now - window.startedAt >= windowMs) this.windows.delete(stale);
      this.lastSweep = now;
    }
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Seconds until `key` may act again, or 0 when it is under the limit. */
  blockedFor(key: string, now: number): number {
    const window = this.windowOf(key, now);
    if (window.count < this.options.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.options.windowSeconds * 1000 - now) / 1000));
  }

  record(key: string, now: number): void {
    this.windowOf(key, now).count += 1;
  }
}

export const tooManyFromAddress = (what: string, retryAfter: number): ApiError =>
  new ApiError(429, 'rate_limited', `${what} from this address; retry after ${retryAfter} s.`, { headers: { 'Retry-After': String(retryAfter) } });

/** A budget per client address for the endpoints that need no token (health, the document). */
export function addressRateLimit(options: RateLimitOptions, now: () => number): MiddlewareHandler {
  const counter = new WindowCounter(options);
  return async (c, next) => {
    const address = clientAddress(c);
    const blocked = counter.blockedFor(address, now());
    if (blocked > 0) throw tooManyFromAddress('Too many requests', blocked);
    counter.record(address, now());
    await next();
  };
}
