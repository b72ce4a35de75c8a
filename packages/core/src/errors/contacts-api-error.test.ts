import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as esm from './index.js';
import { errorFromResponse, parseRetryAfter } from './error-from-response.js';

/** The errors module as the CJS build ships it: a separate copy of every class. */
async function loadCjsCopy(): Promise<typeof esm> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    external: ['zod'],
  });
  const module = { exports: {} as typeof esm };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, module.exports, () => ({}));
  return module.exports;
}

describe('error classes', () => {
  it('are instanceof across two copies of the package (CJS and ESM builds)', async () => {
    const cjs = await loadCjsCopy();
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
    const fromCjs = new cjs.OptOutLockedError({ status: 409, code: 'opt_out_locked', message: 'locked' });
    expect(fromCjs).toBeInstanceOf(esm.OptOutLockedError);
    expect(fromCjs).toBeInstanceOf(esm.ConflictError);
    expect(fromCjs).toBeInstanceOf(esm.ContactsApiError);
    expect(fromCjs).not.toBeInstanceOf(esm.NotFoundError);
    const fromEsm = new esm.TimeoutError({ status: 0, code: 'timeout', message: 'slow' });
    expect(fromEsm).toBeInstanceOf(cjs.NetworkError);
    expect(fromEsm).not.toBeInstanceOf(cjs.RateLimitError);
    expect(fromEsm).toBeInstanceOf(Error);
    expect({ status: 404 }).not.toBeInstanceOf(esm.ContactsApiError);
  });

  it('carry a name, a stable code and a readable message', () => {
    const error = errorFromResponse(
      422,
      new Headers(),
      JSON.stringify({
        type: 'about:blank',
        title: 'Validation failed',
        status: 422,
        detail: 'fullName: Full name is required',
        code: 'validation_failed',
        errors: [{ path: 'fullName', code: 'too_small', message: 'Full name is required' }],
      }),
    );
    expect(error).toBeInstanceOf(esm.ValidationError);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('fullName: Full name is required');
    expect(error.errors[0]?.path).toBe('fullName');
    expect(String(error)).toContain('ValidationError');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '3' }))).toBe(3);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(new Headers({ 'Retry-After': inTenSeconds }))).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter(new Headers())).toBeNull();
  });

  it('maps a 5xx without a problem body to a ContactsApiError with a server code', () => {
    const error = errorFromResponse(502, new Headers(), '<html>Bad gateway</html>');
    expect(error.constructor).toBe(esm.ContactsApiError);
    expect(error).toMatchObject({ status: 502, code: 'server_error' });
  });
});
