import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Import } from '@contacts-manager/core/schema';
import { phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let api: TestApi;
let acct: TestAccount;

beforeEach(async () => {
  api = testApi();
  acct = await api.newAccount();
});
afterEach(() => api.close());

async function openImport(): Promise<string> {
  return (await api.json<Import>('POST', '/v1/imports', acct.secretKey, {})).body.id;
}

function putChunk(id: string, body: Uint8Array, encoding: string | null): Promise<Response> {
  return Promise.resolve(
    api.app.request(`/v1/imports/${id}/chunks/0`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${acct.secretKey}`,
        'Content-Type': 'application/json',
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
      },
      body,
    }),
  );
}

const rows = (count: number, name = (n: number) => `Person ${n}`) =>
  Array.from({ length: count }, (_, n) => ({ fullName: name(n), phone: phone(n % 100) }));

describe('gzip-encoded import chunks', () => {
  it('stages a gzip-encoded chunk exactly as the plain one', async () => {
    const id = await openImport();
    const json = JSON.stringify({ rows: rows(50).slice(0, 50) });
    const response = await putChunk(id, gzipSync(json), 'gzip');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ index: 0, rows: 50 });
    const staged = (await api.json<Import>('GET', `/v1/imports/${id}`, acct.secretKey)).body;
    expect(staged.counts.rows).toBe(50);
  });

  it('applies the 2 MB limit to the decoded body: a small gzip of a large body is 413', async () => {
    const id = await openImport();
    const huge = JSON.stringify({ rows: rows(1000, () => 'x'.repeat(2500)) });
    const compressed = gzipSync(huge);
    expect(compressed.byteLength).toBeLessThan(100_000);
    const response = await putChunk(id, compressed, 'gzip');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses bytes that are not gzip (400) and encodings it does not speak (415)', async () => {
    const id = await openImport();
    const json = new TextEncoder().encode(JSON.stringify({ rows: rows(1) }));
    const notGzip = await putChunk(id, json, 'gzip');
    expect(notGzip.status).toBe(400);
    expect(await notGzip.json()).toMatchObject({ code: 'invalid_json' });
    const brotli = await putChunk(id, json, 'br');
    expect(brotli.status).toBe(415);
    expect(await brotli.json()).toMatchObject({ code: 'unsupported_media_type' });
    const plain = await putChunk(id, json, null);
    expect(plain.status).toBe(200);
  });
});
