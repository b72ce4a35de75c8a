import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../app-env.js';

export interface RateLimitOptions {
  /** Requests allowed per token in each window. */
  limit: number;
  windowSeconds: number;
}

/**
 * A fixed window per token, announced with the IETF RateLimit-* fields. The counters live in
 * the store: in memory for one process on SQLite, in the database for several instances on
 * PostgreSQL, so a token's budget holds across all of them.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const windowMs = options.windowSeconds * 1000;
  return async (c, next) => {
    const { store, now: clock } = c.get('services');
    const now = clock();
    const { used, resetAtMs } = await store.rateLimits.hit(c.get('principal').tokenHash, now, windowMs);
    const resetSeconds = Math.max(1, Math.ceil((resetAtMs - now) / 1000));
    const headers = {
      'RateLimit-Limit': String(options.limit),
      'RateLimit-Remaining': String(Math.max(0, options.limit - used)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (used > options.limit) {
      throw new ApiError(429, 'rate_limited', `Too many requests: at most ${options.limit} every ${options.windowSeconds} s. Retry after ${resetSeconds} s.`, {
        headers: { ...headers, 'RateLimit-Remaining': '0', 'Retry-After': String(resetSeconds) },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
