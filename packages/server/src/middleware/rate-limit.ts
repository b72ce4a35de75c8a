import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../app-env.js';

export interface RateLimitOptions {
  /** Requests allowed per token in each window. */
  limit: number;
  windowSeconds: number;
}

interface Window {
  startedAt: number;
  used: number;
}

/**
 * A fixed window per token, announced with the IETF RateLimit-* fields. In memory: the
 * reference server is one process.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, Window>();
  const windowMs = options.windowSeconds * 1000;
  let lastSweep = 0;
  return async (c, next) => {
    const now = c.get('services').now();
    if (now - lastSweep > windowMs) {
      for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
      lastSweep = now;
    }
    const key = c.get('principal').tokenHash;
    let window = windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, used: 0 };
      windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
    const headers = {
      'RateLimit-Limit': String(options.limit),
      'RateLimit-Remaining': String(Math.max(0, options.limit - window.used - 1)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (window.used >= options.limit) {
      throw new ApiError(429, 'rate_limited', `Too many requests: at most ${options.limit} every ${options.windowSeconds} s. Retry after ${resetSeconds} s.`, {
        headers: { ...headers, 'RateLimit-Remaining': '0', 'Retry-After': String(resetSeconds) },
      });
    }
    window.used += 1;
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
