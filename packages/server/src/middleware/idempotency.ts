import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../app-env.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;
/** Headers a replay must carry to be the same response. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/** Same JSON, same fingerprint, whatever the key order or spacing. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fingerprintOf(method: string, path: string, body: string): string {
  let normalized = body;
  try {
    normalized = body.trim() === '' ? '' : canonicalJson(JSON.parse(body));
  } catch {
    // not JSON: the raw text is the fingerprint, and the handler answers 400
  }
  return createHash('sha256').update(`${method} ${path}\n${normalized}`).digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first response (any status below 500) is stored for 24 h
 * and replayed for the same key and body. A 5xx is not stored, so a retry runs again.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ApiError(400, 'invalid_idempotency_key', `Idempotency-Key must be 1–${MAX_KEY_LENGTH} characters.`);
    }
    const { store, now } = c.get('services');
    const keys = store.idempotency;
    const principal = c.get('principal').tokenHash;
    const fingerprint = fingerprintOf(c.req.method, c.req.path, c.get('bodyText'));
    const nowMs = now();
    let stored = await keys.find(principal, key);
    if (stored && nowMs - stored.createdAt >= IDEMPOTENCY_TTL_MS) {
      await keys.forget(principal, key);
      stored = null;
    }
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new ApiError(422, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request body.');
      }
      if (stored.state === 'running') {
        throw new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
          headers: { 'Retry-After': '1' },
        });
      }
      const headers = new Headers(stored.headers);
      headers.set('Idempotent-Replayed', 'true');
      c.res = new Response(stored.status === 204 ? null : stored.body, { status: stored.status ?? 200, headers });
      return;
    }
    // The insert is what claims the key: another instance may have claimed it since the find.
    if (!(await keys.start(principal, key, fingerprint, nowMs))) {
      throw new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
        headers: { 'Retry-After': '1' },
      });
    }
    try {
      await next();
    } catch (error) {
      await keys.forget(principal, key);
      throw error;
    }
    // Errors thrown inside handlers are already turned into responses by Hono's error handler.
    const response = c.res;
    if (response.status >= 500) {
      await keys.forget(principal, key);
      return;
    }
    const body = await response.clone().text();
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = response.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    await keys.finish(principal, key, response.status, headers, body);
  };
}
