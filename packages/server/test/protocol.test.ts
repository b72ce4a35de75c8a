import { afterEach, describe, expect, it } from 'vitest';
import type { Contact } from '@contacts-manager/core/schema';
import { onPostgres, phone, testApi, type TestApi } from './helpers.js';

let api: TestApi;
afterEach(() => api.close());

describe('idempotency keys', () => {
  it('replays the first response for the same key and body, without writing twice', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const headers = { 'Idempotency-Key': 'create-ada-1' };
    const first = await api.call('POST', '/v1/contacts', acct.secretKey, { fullName: 'Ada', phone: phone(1) }, headers);
    const replay = await api.call('POST', '/v1/contacts', acct.secretKey, { phone: phone(1), fullName: 'Ada' }, headers);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(replay.headers.get('ETag')).toBe('"1"');
    const [a, b] = [(await first.json()) as Contact, (await replay.json()) as Contact];
    expect(b).toEqual(a);
    expect((await api.json('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(1);
  });

  it('replays errors too, so a retried duplicate stays a 409', async () => {
    api = testApi();
    const acct = await api.newAccount();
    await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const first = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'B', phone: phone(1) }, { 'Idempotency-Key': 'k' });
    const again = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'B', phone: phone(1) }, { 'Idempotency-Key': 'k' });
    expect([first.status, again.status]).toEqual([409, 409]);
  });

  it('the same key with another body is 422 idempotency_conflict; a key over 255 chars is 400', async () => {
    api = testApi();
    const acct = await api.newAccount();
    await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'Ada', phone: phone(1) }, { 'Idempotency-Key': 'k1' });
    const conflict = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'Bob', phone: phone(2) }, { 'Idempotency-Key': 'k1' });
    expect(conflict.status).toBe(422);
    expect(conflict.body.code).toBe('idempotency_conflict');
    const long = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'Bob', phone: phone(2) }, { 'Idempotency-Key': 'x'.repeat(256) });
    expect(long.status).toBe(400);
    expect((await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'Bob', phone: phone(2) }, { 'Idempotency-Key': 'x'.repeat(255) })).status).toBe(201);
  });

  it.skipIf(onPostgres)('a key whose first request is still running is 409', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const body = { fullName: 'Ada', phone: phone(1) };
    expect((await api.json('POST', '/v1/contacts', acct.secretKey, body, { 'Idempotency-Key': 'same' })).status).toBe(201);
    // Handlers here finish within one turn of the event loop, so put the key back in the
    // state a slow first request (or one in another process) leaves it in while it runs.
    api.sqlite.db.prepare(`UPDATE idempotency_keys SET state = 'running' WHERE key = 'same'`).run();
    const second = await api.json('POST', '/v1/contacts', acct.secretKey, body, { 'Idempotency-Key': 'same' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('idempotency_in_progress');
  });
});

describe('limits', () => {
  it('rate limits per token: headers on every answer, then 429 with Retry-After', async () => {
    api = testApi({ rateLimit: { limit: 3, windowSeconds: 30 } });
    const acct = await api.newAccount();
    const other = await api.newAccount('Other');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api.call('GET', '/v1/me', acct.secretKey));
    expect(answers.slice(0, 3).map((response) => response.status)).toEqual([200, 200, 200]);
    expect(answers.map((response) => response.headers.get('RateLimit-Remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[0]!.headers.get('RateLimit-Limit')).toBe('3');
    expect(Number(answers[0]!.headers.get('RateLimit-Reset'))).toBeGreaterThan(0);
    const refused = answers[3]!;
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await api.call('GET', '/v1/me', other.secretKey)).status).toBe(200);
  });

  it('a body over 2 MB is 413 payload_too_large, never a 500', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const big = JSON.stringify({ rows: [{ fullName: 'x'.repeat(2 * 1024 * 1024), phone: phone(1) }] });
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    const response = await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, big);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('delete all needs ?all=true and the Confirm header', async () => {
    api = testApi();
    const acct = await api.newAccount();
    expect((await api.json('DELETE', '/v1/contacts', acct.secretKey)).status).toBe(400);
    const unconfirmed = await api.json('DELETE', '/v1/contacts?all=true', acct.secretKey);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.code).toBe('confirmation_required');
  });
});

describe('the rest of the surface', () => {
  it('unknown routes are 404 problems; health and OpenAPI need no token', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const unknown = await api.call('GET', '/v1/nothing-here', acct.secretKey);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await api.json('GET', '/healthz', null)).body).toEqual({ status: 'ok' });
    const openapi = await api.json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>('GET', '/v1/openapi.json', null);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/contacts', '/v1/contacts/{id}', '/v1/imports/{id}/chunks/{index}', '/v1/changes']));
    expect(openapi.body.components.schemas.Contact).toBeTruthy();
  });

  it('answers CORS preflights for the widget on another origin', async () => {
    api = testApi();
    const response = await api.call('OPTIONS', '/v1/contacts', null, undefined, {
      Origin: 'https://host.example',
      'Access-Control-Request-Method': 'PATCH',
      'Access-Control-Request-Headers': 'authorization,if-match,idempotency-key',
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('if-match');
  });

  it('lists: unique names ignoring case, counts, rename, delete keeps the contacts', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const created = await api.call('POST', '/v1/lists', acct.secretKey, { name: 'VIP' });
    expect(created.status).toBe(201);
    const list = (await created.json()) as { id: string };
    expect((await api.json('POST', '/v1/lists', acct.secretKey, { name: 'vip' })).body.code).toBe('list_name_taken');
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), listIds: [list.id] });
    const lists = await api.json<{ data: { id: string; name: string; contactCount: number }[]; nextCursor: null }>('GET', '/v1/lists', acct.secretKey);
    expect(lists.body).toMatchObject({ data: [{ id: list.id, name: 'VIP', contactCount: 1 }], nextCursor: null });
    expect((await api.json('PATCH', `/v1/lists/${list.id}`, acct.secretKey, { name: 'Gold' })).body.name).toBe('Gold');
    expect((await api.call('DELETE', `/v1/lists/${list.id}`, acct.secretKey)).status).toBe(204);
    const after = await api.json<Contact>('GET', `/v1/contacts/${contact.id}`, acct.secretKey);
    expect(after.body).toMatchObject({ listIds: [], version: 2 });
  });
});
