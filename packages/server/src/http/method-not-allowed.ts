import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from './api-error.js';

interface RoutePattern {
  pattern: RegExp;
  /** Path parameters: the fewer, the more specific (`/contacts/export` before `/contacts/:id`). */
  params: number;
  methods: Set<string>;
}

/** The app's routes by path pattern, with the methods each one answers. */
function routePatterns(app: Hono<AppEnv>): RoutePattern[] {
  const byPath = new Map<string, RoutePattern>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    let entry = byPath.get(route.path);
    if (!entry) {
      const source = route.path
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      entry = { pattern: new RegExp(`^${source}$`), params: route.path.split('/:').length - 1, methods: new Set() };
      byPath.set(route.path, entry);
    }
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
  }
  return [...byPath.values()];
}

/** What `path` answers to, from its most specific matching route; empty for an unknown path. */
export function allowedMethods(patterns: readonly RoutePattern[], path: string): string[] {
  const matching = patterns.filter((route) => route.pattern.test(path));
  if (matching.length === 0) return [];
  const fewest = Math.min(...matching.map((route) => route.params));
  const methods = new Set(matching.filter((route) => route.params === fewest).flatMap((route) => [...route.methods]));
  return [...methods, 'OPTIONS'].sort();
}

/**
 * A known path with a method it does not support is 405 with `Allow` (RFC 9110), before
 * authentication or body checks; unknown paths fall through to 404. The route table is read
 * on first use, once every route is registered.
 */
export function methodNotAllowed(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  let patterns: RoutePattern[] | null = null;
  return async (c, next) => {
    patterns ??= routePatterns(app);
    const allowed = allowedMethods(patterns, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not supported on ${c.req.path}; use ${allowed.join(', ')}.`, {
        headers: { Allow: allowed.join(', ') },
      });
    }
    await next();
  };
}
