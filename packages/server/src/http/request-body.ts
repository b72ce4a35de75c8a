import { gunzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from './api-error.js';

/** `application/json`, or any `+json` type (`application/merge-patch+json`), parameters allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

export const payloadTooLarge = (maxBytes: number): ApiError =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes / 1024 / 1024} MB.`);

/**
 * Reads the request body once, before any handler: decodes `Content-Encoding: gzip` (the size
 * limit applies to the decoded body), and refuses a body that is not JSON by its media type
 * (415). Handlers and the idempotency fingerprint read the decoded text from `bodyText`.
 */
export function requestBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Only POST, PUT and PATCH take a body here; anything sent with another method is ignored.
    if (c.req.method !== 'POST' && c.req.method !== 'PUT' && c.req.method !== 'PATCH') {
      c.set('bodyText', '');
      return next();
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const encoding = (c.req.header('Content-Encoding') ?? 'identity').trim().toLowerCase();
    let bytes: Uint8Array = raw;
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      if (raw.length > 0) bytes = gunzipBody(raw, maxBytes);
    } else if (encoding !== 'identity' && encoding !== '') {
      throw new ApiError(415, 'unsupported_media_type', `Content-Encoding "${encoding}" is not supported; send the body as is or gzip-compressed.`);
    }
    if (bytes.length > 0) assertJsonMediaType(c);
    c.set('bodyText', new TextDecoder().decode(bytes));
    await next();
  };
}

function gunzipBody(raw: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(maxBytes);
    throw new ApiError(400, 'invalid_json', 'The body is marked Content-Encoding: gzip but is not valid gzip data.');
  }
}

function assertJsonMediaType(c: Context<AppEnv>): void {
  const type = c.req.header('Content-Type');
  if (type === undefined || !JSON_MEDIA_TYPE.test(type.trim())) {
    throw new ApiError(415, 'unsupported_media_type', `The body must be JSON, sent with Content-Type: application/json${type ? ` (not ${type})` : ''}.`);
  }
}
