import { afterEach, describe, expect, it } from 'vitest';
import { phone, testApi, type TestApi } from './helpers.js';

let api: TestApi;
afterEach(() => api.close());

// Survivors of the mutation run, killed: key order at every depth, arrays kept in order, the 24 h window.
describe('idempotency keys, in detail', () => {
  it('takes the same body with keys in another order, at any depth, as the same request', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const headers = { 'Idempotency-Key': 'nested' };
    const first = await api.call('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'addToList', listId: list.id, filter: { q: 'a', optedOut: false } }, headers);
    const same = await api.call('POST', '/v1/contacts/bulk', acct.secretKey, JSON.stringify({ filter: { optedOut: false, q: 'a' }, listId: list.id, action: 'addToList' }), headers);
    expect(first.status).toBe(202);
    expect(same.headers.get('Idempotent-Replayed')).toBe('true');
    const other = await api.json('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'addToList', listId: list.id, filter: { q: 'b', optedOut: false } }, headers);
    expect(other.body.code).toBe('idempotency_conflict');
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const arrays = { 'Idempotency-Key': 'arrays' };
    expect((await api.call('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete', ids: [contact.id] }, arrays)).status).toBe(202);
    const reordered = await api.json('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete', ids: [contact.id, contact.id] }, arrays);
    expect(reordered.body.code).toBe('idempotency_conflict');
  });

  it('forgets a key after 24 hours, not before', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    api = testApi({ now: () => now });
    const acct = await api.newAccount();
    const headers = { 'Idempotency-Key': 'daily' };
    expect((await api.call('POST', '/v1/lists', acct.secretKey, { name: 'One' }, headers)).status).toBe(201);
    now += 24 * 60 * 60 * 1000 - 1;
    expect((await api.json('POST', '/v1/lists', acct.secretKey, { name: 'Two' }, headers)).body.code).toBe('idempotency_conflict');
    now += 1;
    expect((await api.call('POST', '/v1/lists', acct.secretKey, { name: 'Two' }, headers)).status).toBe(201);
  });
  it('tells apart bodies that differ only in an array against an object, a number, or where array items split', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const conflict = async (key: string, first: unknown, second: unknown): Promise<void> => {
      const headers = { 'Idempotency-Key': key };
      const answered = await api.call('POST', '/v1/contacts/bulk', acct.secretKey, JSON.stringify(first), headers);
      expect(answered.status).toBeLessThan(500);
      const again = await api.json<{ code: string; detail: string }>('POST', '/v1/contacts/bulk', acct.secretKey, JSON.stringify(second), headers);
      expect(again.status, key).toBe(422);
      expect(again.body.code, key).toBe('idempotency_conflict');
      expect(again.body.detail).toContain('different request body');
    };
    await conflict('array-or-object', { action: 'delete', ids: [contact.id] }, { action: 'delete', ids: { 0: contact.id } });
    await conflict('numbers', { action: 'delete', ids: [contact.id], n: 1 }, { action: 'delete', ids: [contact.id], n: 2 });
    await conflict('split', { action: 'delete', ids: [contact.id], n: [1, 23] }, { action: 'delete', ids: [contact.id], n: [12, 3] });
  });

  it('says what is wrong with a key that is too long', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const long = await api.json<{ code: string; detail: string }>('POST', '/v1/lists', acct.secretKey, { name: 'L' }, { 'Idempotency-Key': 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect(long.body.detail).toContain('1–255 characters');
  });
  it('a body holding null is the same request whatever its key order', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const headers = { 'Idempotency-Key': 'with-null' };
    const first = await api.call('POST', '/v1/contacts', acct.secretKey, JSON.stringify({ fullName: 'Ada', phone: phone(1), email: null }), headers);
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/v1/contacts', acct.secretKey, JSON.stringify({ email: null, phone: phone(1), fullName: 'Ada' }), headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
  });
});
