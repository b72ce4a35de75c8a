import { gunzipSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, ContactPage } from '@contacts-manager/core/schema';
import { phone, testApi, type TestApi } from './helpers.js';

let api: TestApi;
afterEach(() => api.close());

describe('HTTP semantics (RFC 9110)', () => {
  it('answers 405 with Allow for a known path and a method it does not support, 404 for unknown paths', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const put = await api.call('PUT', '/v1/contacts', acct.secretKey, { fullName: 'A' });
    expect(put.status).toBe(405);
    expect(((await put.json()) as { code: string }).code).toBe('method_not_allowed');
    expect(put.headers.get('Allow')).toBe('DELETE, GET, HEAD, OPTIONS, POST');
    const contact = await api.call('POST', '/v1/contacts/ct_0123456789abcdef', acct.secretKey, {});
    expect(contact.status).toBe(405);
    expect(contact.headers.get('Allow')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
    // The static path wins over the parameter: export is GET only.
    expect((await api.call('DELETE', '/v1/contacts/export', acct.secretKey)).headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    expect((await api.call('POST', '/healthz', null)).status).toBe(405);
    expect((await api.call('PUT', '/v1/nothing', acct.secretKey)).status).toBe(404);
  });

  it('refuses a body that is not JSON by its media type with 415, and an empty body with 400 invalid_json', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const body = JSON.stringify({ fullName: 'Ada', phone: phone(1) });
    const plain = await api.json('POST', '/v1/contacts', acct.secretKey, body, { 'Content-Type': 'text/plain' });
    expect([plain.status, plain.body.code]).toEqual([415, 'unsupported_media_type']);
    const none = await api.app.request('/v1/contacts', { method: 'POST', body, headers: { Authorization: `Bearer ${acct.secretKey}` } });
    expect(none.status).toBe(415);
    const merge = await api.json('POST', '/v1/contacts', acct.secretKey, body, { 'Content-Type': 'application/merge-patch+json; charset=utf-8' });
    expect(merge.status).toBe(201);
    const empty = await api.json('POST', '/v1/lists', acct.secretKey, '');
    expect([empty.status, empty.body.code]).toEqual([400, 'invalid_json']);
    const contact = merge.body as unknown as Contact;
    const emptyPatch = await api.json('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, '');
    expect([emptyPatch.status, emptyPatch.body.code]).toEqual([400, 'invalid_json']);
    // Bodiless actions need no body at all.
    expect((await api.call('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey)).status).toBe(200);
  });

  it('accepts a gzip-encoded chunk and applies the size limit to the decoded body', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    const rows = [{ fullName: 'Ada', phone: phone(1) }];
    const gz = await api.app.request(`/v1/imports/${session.id}/chunks/0`, {
      method: 'PUT',
      body: gzipSync(JSON.stringify({ rows })),
      headers: { Authorization: `Bearer ${acct.secretKey}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    expect(gz.status).toBe(200);
    expect(await gz.json()).toEqual({ index: 0, rows: 1 });
    const bomb = gzipSync(JSON.stringify({ rows: [{ fullName: 'x'.repeat(3 * 1024 * 1024), phone: phone(1) }] }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const refused = await api.app.request(`/v1/imports/${session.id}/chunks/1`, {
      method: 'PUT',
      body: bomb,
      headers: { Authorization: `Bearer ${acct.secretKey}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    expect(refused.status).toBe(413);
  });

  it('compares If-Match strongly: a weak tag never matches', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const weak = await api.json('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'B' }, { 'If-Match': 'W/"1"' });
    expect([weak.status, weak.body.code]).toEqual([412, 'precondition_failed']);
    expect((await api.call('DELETE', `/v1/contacts/${contact.id}`, acct.secretKey, undefined, { 'If-Match': 'W/"1"' })).status).toBe(412);
    expect((await api.json('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'B' }, { 'If-Match': 'W/"1", "1"' })).status).toBe(200);
    const deleted = await api.call('DELETE', `/v1/contacts/${contact.id}`, acct.secretKey, undefined, { 'If-Match': '"2"' });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('Content-Type')).toBeNull();
    expect(await deleted.text()).toBe('');
  });

  it('reads integer parameters as plain decimal digits only, naming the parameter; an empty limit is the default', async () => {
    api = testApi();
    const acct = await api.newAccount();
    for (let i = 0; i < 3; i++) await api.createContact(acct.secretKey, { fullName: `C${i}`, phone: phone(i) });
    for (const bad of ['0x10', '1e2', '%207', '7%20', '-1', '1.5', '0']) {
      const answer = await api.json<{ errors: { path: string }[] }>('GET', `/v1/contacts?limit=${bad}`, acct.secretKey);
      expect(answer.status, bad).toBe(422);
      expect(answer.body.errors.map((error) => error.path)).toEqual(['limit']);
    }
    expect((await api.json('GET', '/v1/changes?after=1e2', acct.secretKey)).status).toBe(422);
    const page = await api.json<ContactPage>('GET', '/v1/contacts?limit=', acct.secretKey);
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(3);
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    const rows = { rows: [{ fullName: 'Ada', phone: phone(1) }] };
    for (const index of ['0x10', '%20', '1e3', '1000001']) {
      const answer = await api.json<{ errors: { path: string }[] }>('PUT', `/v1/imports/${session.id}/chunks/${index}`, acct.secretKey, rows);
      expect(answer.status, index).toBe(422);
      expect(answer.body.errors[0]?.path).toBe('index');
    }
  });

  it('refuses control characters in query parameters with 422 (never a 500)', async () => {
    api = testApi();
    const acct = await api.newAccount();
    await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1), email: 'ada@example.com' });
    for (const query of ['q=%00abc', 'q=a%00', 'email=a%00%40b.c', 'phone=%0A1', 'q=%1Fx', 'q=ab%7F']) {
      const answer = await api.json<{ code: string; errors: { path: string }[] }>('GET', `/v1/contacts?${query}`, acct.secretKey);
      expect(answer.status, query).toBe(422);
      expect(answer.body.code).toBe('validation_failed');
    }
    expect((await api.json('GET', '/v1/contacts/export?q=%00', acct.secretKey)).status).toBe(422);
  });

  it('compresses answers with gzip or br when the client accepts it', async () => {
    api = testApi();
    const acct = await api.newAccount();
    for (let i = 0; i < 30; i++) await api.createContact(acct.secretKey, { fullName: `Contact number ${i}`, phone: phone(i) });
    const plain = await (await api.call('GET', '/v1/contacts?limit=30', acct.secretKey)).text();
    const gz = await api.call('GET', '/v1/contacts?limit=30', acct.secretKey, undefined, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gz.headers.get('Vary')).toContain('Accept-Encoding');
    const gzBytes = Buffer.from(await gz.arrayBuffer());
    expect(gzBytes.length).toBeLessThan(plain.length / 2);
    expect(JSON.parse(gunzipSync(gzBytes).toString('utf8'))).toEqual(JSON.parse(plain));
    const br = await api.call('GET', '/v1/contacts?limit=30', acct.secretKey, undefined, { 'Accept-Encoding': 'gzip;q=0.5, br' });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(JSON.parse(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8'))).toEqual(JSON.parse(plain));
    const csv = await api.call('GET', '/v1/contacts/export', acct.secretKey, undefined, { 'Accept-Encoding': 'gzip' });
    expect(csv.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await csv.arrayBuffer())).toString('utf8')).toContain('Contact number 29');
    expect((await api.call('GET', '/v1/contacts?limit=30', acct.secretKey, undefined, { 'Accept-Encoding': 'identity' })).headers.get('Content-Encoding')).toBeNull();
  });
});

describe('validation', () => {
  it('reports every bad field at once, an unusable phone as invalid_phone whatever its shape', async () => {
    api = testApi();
    const acct = await api.newAccount();
    for (const bad of ['12', 'not a phone', '+999', '+1 555 0000000000000']) {
      const answer = await api.json<{ code: string; errors: { path: string; code: string }[] }>('POST', '/v1/contacts', acct.secretKey, { fullName: 'x', phone: bad });
      expect(answer.status, bad).toBe(422);
      expect(answer.body.code).toBe('invalid_phone');
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'phone', code: 'invalid_phone' })]);
    }
    const both = await api.json<{ code: string; errors: { path: string; code: string }[] }>('POST', '/v1/contacts', acct.secretKey, { fullName: '', phone: '12', email: 'nope' });
    expect(both.body.code).toBe('validation_failed');
    expect(both.body.errors.map((error) => [error.path, error.code]).sort()).toEqual([
      ['email', 'invalid_format'],
      ['fullName', 'too_small'],
      ['phone', 'invalid_phone'],
    ]);
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const patch = await api.json<{ errors: { path: string; code: string }[] }>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: '', phone: 'not a phone' });
    expect(patch.body.errors.map((error) => [error.path, error.code]).sort()).toEqual([
      ['fullName', 'too_small'],
      ['phone', 'invalid_phone'],
    ]);
    const inbound = await api.json<{ errors: { path: string; code: string }[] }>('POST', '/v1/inbound-messages', acct.secretKey, { from: '12', body: 'STOP' });
    expect(inbound.body.errors).toEqual([expect.objectContaining({ path: 'from', code: 'invalid_phone' })]);
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    const chunk = await api.json<{ errors: { path: string; code: string }[] }>('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, {
      rows: [{ fullName: 'A', phone: phone(1) }, { fullName: '', phone: '12' }, { fullName: 'C', phone: 'abc' }],
    });
    expect(chunk.body.errors.map((error) => [error.path, error.code])).toEqual([
      ['rows.1.fullName', 'too_small'],
      ['rows.1.phone', 'invalid_phone'],
      ['rows.2.phone', 'invalid_phone'],
    ]);
  });

  it('refuses unknown body fields the same way on POST and PATCH', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const post = await api.json<{ errors: { path: string; code: string }[] }>('POST', '/v1/contacts', acct.secretKey, { fullName: 'Ada', phone: phone(1), nickname: 'A' });
    expect(post.status).toBe(422);
    expect(post.body.errors).toEqual([expect.objectContaining({ path: 'nickname', code: 'unrecognized_keys' })]);
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const patch = await api.json<{ errors: { path: string; code: string }[] }>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { nickname: 'A' });
    expect(patch.status).toBe(422);
    expect(patch.body.errors).toEqual([expect.objectContaining({ path: 'nickname', code: 'unrecognized_keys' })]);
    expect((await api.json('POST', '/v1/lists', acct.secretKey, { name: 'VIP', color: 'red' })).status).toBe(422);
  });

  it('answers 404 for an unknown listId on the list endpoint, as on export', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const other = await api.newAccount('Other');
    const foreign = (await api.json<{ id: string }>('POST', '/v1/lists', other.secretKey, { name: 'Theirs' })).body;
    for (const path of ['/v1/contacts', '/v1/contacts/export']) {
      expect((await api.json('GET', `${path}?listId=ls_0123456789abcdef`, acct.secretKey)).status, path).toBe(404);
      expect((await api.json('GET', `${path}?listId=${foreign.id}`, acct.secretKey)).status, path).toBe(404);
    }
  });
});

describe('cursors', () => {
  async function twoPages(api: TestApi, token: string): Promise<string> {
    const page = await api.json<ContactPage>('GET', '/v1/contacts?limit=1', token);
    expect(page.body.nextCursor).toBeTruthy();
    return page.body.nextCursor!;
  }

  it('reveal no contact data, and continue the listing', async () => {
    api = testApi();
    const acct = await api.newAccount();
    await api.createContact(acct.secretKey, { fullName: 'Zebediah Quartermain', phone: phone(1), email: 'zq@example.com' });
    await api.createContact(acct.secretKey, { fullName: 'Aaron Abbott', phone: phone(2) });
    await api.createContact(acct.secretKey, { fullName: 'Mia Moss', phone: phone(3) });
    const first = await api.json<ContactPage>('GET', '/v1/contacts?limit=1', acct.secretKey);
    const cursor = first.body.nextCursor!;
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1').toLowerCase();
    expect(decoded).not.toContain('aaron');
    expect(decoded).not.toContain(first.body.data[0]!.id.toLowerCase());
    const names: string[] = [first.body.data[0]!.fullName];
    let next: string | null = cursor;
    while (next) {
      const page: { body: ContactPage } = await api.json<ContactPage>('GET', `/v1/contacts?limit=1&cursor=${next}`, acct.secretKey);
      names.push(...page.body.data.map((contact) => contact.fullName));
      next = page.body.nextCursor;
    }
    expect(names).toEqual(['Aaron Abbott', 'Mia Moss', 'Zebediah Quartermain']);
  });

  it('are 422 invalid_cursor when tampered with, foreign, or from another endpoint', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const other = await api.newAccount('Other');
    for (const account of [acct, other]) {
      for (let i = 0; i < 3; i++) await api.createContact(account.secretKey, { fullName: `C${i}`, phone: phone(i) });
    }
    const cursor = await twoPages(api, acct.secretKey);
    const flipped = `${cursor.slice(0, 20)}${cursor[20] === 'A' ? 'B' : 'A'}${cursor.slice(21)}`;
    const plainOld = Buffer.from(JSON.stringify(['name', 'c1', 'ct_0123456789abcdef'])).toString('base64url');
    for (const bad of [flipped, plainOld, 'x', cursor.slice(0, -2)]) {
      const answer = await api.json<{ errors: { path: string; code: string }[] }>('GET', `/v1/contacts?limit=1&cursor=${bad}`, acct.secretKey);
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'invalid_cursor' })]);
    }
    expect((await api.json('GET', `/v1/contacts?limit=1&cursor=${cursor}`, other.secretKey)).status).toBe(422);
    expect((await api.json('GET', `/v1/lists?limit=1&cursor=${cursor}`, acct.secretKey)).status).toBe(422);
  });

  it('stay valid across a restart on the same database', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cursor-'));
    try {
      api = testApi({ database: join(dir, 'db.sqlite') });
      const acct = await api.newAccount();
      for (let i = 0; i < 3; i++) await api.createContact(acct.secretKey, { fullName: `C${i}`, phone: phone(i) });
      const cursor = await twoPages(api, acct.secretKey);
      await api.close();
      api = testApi({ database: join(dir, 'db.sqlite') });
      const page = await api.json<ContactPage>('GET', `/v1/contacts?limit=1&cursor=${cursor}`, acct.secretKey);
      expect(page.status).toBe(200);
      expect(page.body.data[0]?.fullName).toBe('C1');
    } finally {
      await api.close();
      api = testApi();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
