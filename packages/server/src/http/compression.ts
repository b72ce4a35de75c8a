import { Duplex } from 'node:stream';
import { brotliCompressSync, constants as zlib, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import type { MiddlewareHandler } from 'hono';

type Encoding = 'br' | 'gzip';

/** Below this size compression costs more than it saves. */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]+\+)?json\b|application\/javascript\b)/i;
/** Fast settings: the API answers are generated per request, so speed beats the last few percent. */
const BROTLI_OPTIONS = { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } };
const GZIP_OPTIONS = { level: 6 };

/** The best encoding the client accepts (br before gzip at equal weight), or none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weightOf = (encoding: Encoding): number => weights.get(encoding) ?? weights.get('*') ?? 0;
  const [best] = (['br', 'gzip'] as const).filter((encoding) => weightOf(encoding) > 0).sort((a, b) => weightOf(b) - weightOf(a));
  return best ?? null;
}

/**
 * Compresses answers with br or gzip when the client accepts it: JSON in one go (small ones
 * stay as they are), streamed bodies (the CSV export) as they stream. Validators stay as they
 * are: an ETag here names the contact's version, not the bytes.
 */
export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = c.res;
    const type = response.headers.get('Content-Type') ?? '';
    if (
      c.req.method === 'HEAD' ||
      !response.body ||
      response.status === 204 ||
      response.status === 304 ||
      response.headers.has('Content-Encoding') ||
      !COMPRESSIBLE.test(type) ||
      /\bno-transform\b/i.test(response.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    response.headers.append('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const streamed = /^text\/csv/i.test(type);
    let body: ReadableStream<Uint8Array> | Uint8Array;
    if (streamed) {
      const compressor = encoding === 'br' ? createBrotliCompress(BROTLI_OPTIONS) : createGzip(GZIP_OPTIONS);
      const pair = Duplex.toWeb(compressor) as unknown as { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
      body = response.body.pipeThrough(pair);
    } else {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length < MIN_BYTES) {
        c.res = new Response(bytes as ConstructorParameters<typeof Response>[0], response);
        return;
      }
      body = encoding === 'br' ? brotliCompressSync(bytes, BROTLI_OPTIONS) : gzipSync(bytes, GZIP_OPTIONS);
    }
    // Hono carries the old answer's headers over to the new one; fix the length and coding after.
    c.res = new Response(body as ConstructorParameters<typeof Response>[0], response);
    c.res.headers.delete('Content-Length');
    c.res.headers.set('Content-Encoding', encoding);
    if (body instanceof Uint8Array) c.res.headers.set('Content-Length', String(body.length));
  };
}

/**
 * 204 and 304 answers have no body, so they carry no Content-Type (RFC 9110 §15.3.5, §15.4.5).
 * In the app; `withoutBodilessContentType` does the same for the Node adapter, which adds one.
 */
export function bodilessAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 204 || c.res.status === 304) {
      c.res.headers.delete('Content-Type');
      c.res.headers.delete('Content-Length');
    }
  };
}

/** The Node adapter gives every answer a Content-Type, 204 and 304 included: take it off those. */
export function withoutBodilessContentType(server: Pick<Server, 'prependListener'>): void {
  server.prependListener('request', (_request, response) => {
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => typeof response;
    response.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status === 204 || status === 304) {
        response.removeHeader('Content-Type');
        for (const headers of rest) {
          if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
            for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete (headers as Record<string, unknown>)[name];
          }
        }
      }
      return writeHead(status, ...rest);
    }) as typeof response.writeHead;
  });
}
