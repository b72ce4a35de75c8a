// Idempotency-Key as a client retrying over the API sees it: what is replayed, to whom, for which
// request, and what is never stored. (Written against the survivors of the mutation run.)
import { describe, expect, it } from 'vitest';
import type { Contact, Import } from '@contacts-manager/core/schema';
import { onPostgres, phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

const key = (value: string) => ({ 'Idempotency-Key': value });

describe('Idempotency-Key replays', () => {
  it('marks only the replay, with the same status, body and content type; a response without ETag gets none', async () => {
    const first = await api.call('POST', '/v1/imports', acct.secretKey, { filename: 'a.csv' }, key('import-1'));
    const replay = await api.call('POST', '/v1/imports', acct.secretKey, { filename: 'a.csv' }, key('import-1'));
    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replay.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'));
    expect(replay.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(replay.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(first.headers.get('ETag')).toBeNull();
    expect(replay.headers.get('ETag')).toBeNull();
    const [created, replayed] = [(await first.json()) as Import, (await replay.json()) as Import];
    expect(replayed).toEqual(created);
  });

  it('keys belong to the token that used them: another token with the same key runs its own request', async () => {
    const mine = await api.json<Import>('POST', '/v1/imports', acct.secretKey, {}, key('shared'));
    const theirs = await api.call('POST', '/v1/imports', acct.adminToken, {}, key('shared'));
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('Idempotent-Replayed')).toBeNull();
    expect(((await theirs.json()) as Import).id).not.toBe(mine.body.id);
  });

  it('a key is for one operation: the same key and body on another path is 422 idempotency_conflict', async () => {
    expect((await api.call('POST', '/v1/imports', acct.secretKey, {}, key('one-op'))).status).toBe(201);
    const elsewhere = await api.json('POST', '/v1/lists', acct.secretKey, {}, key('one-op'));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('idempotency_conflict');
  });

  it('an empty key is 400 invalid_idempotency_key; other methods ignore the header', async () => {
    const empty = await api.json('POST', '/v1/imports', acct.secretKey, {}, key(''));
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invalid_idempotency_key');
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    // PATCH is idempotent by itself: two different changes under one key both apply.
    const first = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'Ada B' }, key('patch'));
    const second = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'Ada C' }, key('patch'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toMatchObject({ fullName: 'Ada C', version: 3 });
    expect(second.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('a body that is not JSON: the same text replays its 400, another text is a conflict', async () => {
    const broken = '{"fullName": "Ada",';
    const first = await api.json('POST', '/v1/contacts', acct.secretKey, broken, key('broken'));
    expect(first.status).toBe(400);
    expect(first.body.code).toBe('invalid_json');
    const again = await api.call('POST', '/v1/contacts', acct.secretKey, broken, key('broken'));
    expect(again.status).toBe(400);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const other = await api.json('POST', '/v1/contacts', acct.secretKey, '{"fullName": "Bob",', key('broken'));
    expect(other.body.code).toBe('idempotency_conflict');
  });

  it('a body of only spaces is the same request as no body at all', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const first = await api.call('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey, undefined, key('no-body'));
    expect(first.status).toBe(200);
    const spaced = await api.call('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey, '   ', key('no-body'));
    expect(spaced.status).toBe(200);
    expect(spaced.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it.skipIf(onPostgres)('a key still running answers 409 with Retry-After: 1, and nothing is written', async () => {
    const body = { fullName: 'Ada', phone: phone(1) };
    expect((await api.call('POST', '/v1/contacts', acct.secretKey, body, key('slow'))).status).toBe(201);
    api.sqlite.db.prepare(`UPDATE idempotency_keys SET state = 'running' WHERE key = 'slow'`).run();
    const busy = await api.json('POST', '/v1/contacts', acct.secretKey, body, key('slow'));
    expect(busy.status).toBe(409);
    expect(busy.headers.get('Retry-After')).toBe('1');
    expect((busy.body as { detail: string }).detail).toContain('still being processed');
    expect((await api.json('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(1);
  });
  it.skipIf(onPostgres)('a 500 is not stored: the retry with the same key runs again and succeeds', async () => {
    // A fault the request cannot cause: the database refuses this one insert.
    api.sqlite.db.exec(`CREATE TRIGGER refuse_list BEFORE INSERT ON lists WHEN NEW.name = 'Flaky' BEGIN SELECT RAISE(FAIL, 'refused'); END`);
    const failed = await api.json('POST', '/v1/lists', acct.secretKey, { name: 'Flaky' }, key('retry-after-500'));
    expect(failed.status).toBe(500);
    api.sqlite.db.exec('DROP TRIGGER refuse_list');
    const retried = await api.call('POST', '/v1/lists', acct.secretKey, { name: 'Flaky' }, key('retry-after-500'));
    expect(retried.status).toBe(201);
    expect(retried.headers.get('Idempotent-Replayed')).toBeNull();
    const replayed = await api.call('POST', '/v1/lists', acct.secretKey, { name: 'Flaky' }, key('retry-after-500'));
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true');
  });
});
