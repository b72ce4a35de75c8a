import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/**
 * Holds writes (anything but GET/HEAD) while a job holds the database's write lock, so they
 * run after it instead of failing; reads go straight on. The body was read before
 * (requestBody), so a waiting request is complete when its turn comes.
 */
export function waitForWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      await c.get('services').gate.whenOpen();
    }
    await next();
  };
}
