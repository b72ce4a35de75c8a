import { gunzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../http/api-error.js';

/** The body limit, applied to the decoded body: a 2 MB chunk is 2 MB whatever its encoding. */
const MAX_DECODED_BYTES = 2 * 1024 * 1024;

function gunzipUpTo(data: Uint8Array, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(data, { maxOutputLength }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Accepts `Content-Encoding: gzip` request bodies (an import's chunks shrink about tenfold):
 * decodes them, at most MAX_DECODED_BYTES (a gzip bomb stops there: 413), so the handler reads
 * plain JSON. Any other encoding is 415; bytes that are not gzip are 400.
 */
export function gzipRequestBody(maxDecodedBytes = MAX_DECODED_BYTES): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const encoding = c.req.header('Content-Encoding')?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return next();
    if (encoding !== 'gzip') {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Content-Encoding "${encoding}" is not supported here: send the body plain or gzip-encoded.`,
      );
    }
    const compressed = new Uint8Array(await c.req.arrayBuffer());
    let decoded: Buffer;
    try {
      decoded = await gunzipUpTo(compressed, maxDecodedBytes);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ApiError(
          413,
          'payload_too_large',
          `The decoded request body is larger than ${maxDecodedBytes / 1024 / 1024} MB.`,
        );
      }
      throw new ApiError(
        400,
        'bad_request',
        'The body says Content-Encoding: gzip but is not valid gzip data.',
      );
    }
    // The handler sees the request as if it had been sent plain.
    const headers = new Headers(c.req.raw.headers);
    headers.delete('Content-Encoding');
    headers.set('Content-Length', String(decoded.byteLength));
    c.req.raw = new Request(c.req.raw.url, {
      method: c.req.method,
      headers,
      body: new Uint8Array(decoded),
    });
    c.req.bodyCache = {};
    await next();
  };
}
