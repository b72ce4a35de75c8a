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
});
