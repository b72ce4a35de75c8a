import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPage, Me, Session } from '@contacts-manager/core/schema';
import { phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
let now = Date.parse('2030-01-01T00:00:00Z');

beforeEach(async () => {
  now = Date.parse('2030-01-01T00:00:00Z');
  api = testApi({ now: () => now });
  acct = await api.newAccount();
});
afterEach(() => api.close());

describe('authentication', () => {
  it('401 unauthorized without, with a malformed or an unknown token', async () => {
    for (const token of [null, 'sk_nope', 'st_nope', 'garbage']) {
      const response = await api.call('GET', '/v1/me', token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    }
    expect((await api.call('GET', '/v1/me', null, undefined, { Authorization: `Basic ${acct.secretKey}` })).status).toBe(401);
  });

  it('mints a session for a user, which expires; a tampered token is 401', async () => {
    const minted = await api.json<Session>('POST', '/v1/sessions', acct.secretKey, { userId: acct.agentUserId, ttlSeconds: 60 });
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(/^st_/);
    expect(Date.parse(minted.body.expiresAt) - now).toBe(60_000);
    expect(minted.body.user).toMatchObject({ id: acct.agentUserId, role: 'agent' });
    const me = await api.json<Me>('GET', '/v1/me', minted.body.token);
    expect(me.body).toMatchObject({ user: { id: acct.agentUserId, role: 'agent' }, permissions: { deleteContacts: false, editContacts: true } });
    const tampered = `${minted.body.token.slice(0, -1)}${minted.body.token.endsWith('a') ? 'b' : 'a'}`;
    expect((await api.call('GET', '/v1/me', tampered)).status).toBe(401);
    now += 61_000;
    expect((await api.call('GET', '/v1/me', minted.body.token)).status).toBe(401);
  });

  it('defaults sessions to one hour and bounds ttlSeconds to 1–86400', async () => {
    const minted = await api.json<Session>('POST', '/v1/sessions', acct.secretKey, { userId: acct.adminUserId });
    expect(Date.parse(minted.body.expiresAt) - now).toBe(3600_000);
    expect((await api.json('POST', '/v1/sessions', acct.secretKey, { userId: acct.adminUserId, ttlSeconds: 86_401 })).status).toBe(422);
    expect((await api.json('POST', '/v1/sessions', acct.secretKey, { userId: acct.adminUserId, ttlSeconds: 0 })).status).toBe(422);
  });

  it('a secret key is the account with every permission and no user', async () => {
    const me = await api.json<Me>('GET', '/v1/me', acct.secretKey);
    expect(me.body).toEqual({
      account: { id: acct.accountId, name: 'Acme', defaultCountry: 'US' },
      user: null,
      permissions: { editContacts: true, deleteContacts: true, deleteAllContacts: true, importContacts: true, manageLists: true, exportContacts: true, manageWebhooks: true },
    });
  });

  it('session tokens cannot administer: sessions, users and inbound texts are secret-key only', async () => {
    for (const [method, path, body] of [
      ['POST', '/v1/sessions', { userId: acct.adminUserId }],
      ['GET', '/v1/users', undefined],
      ['POST', '/v1/users', { name: 'X' }],
      ['PATCH', `/v1/users/${acct.agentUserId}`, { role: 'admin' }],
      ['POST', '/v1/inbound-messages', { from: phone(1), body: 'STOP' }],
    ] as const) {
      const { status, body: problem } = await api.json(method, path, acct.adminToken, body);
      expect([method, path, status, problem.code]).toEqual([method, path, 403, 'permission_denied']);
    }
  });
});

describe('permissions are enforced by the server', () => {
  it('an agent cannot delete or delete all (403), but can edit', async () => {
    const contact = await api.createContact(acct.agentToken, { fullName: 'A', phone: phone(1) });
    expect((await api.json('DELETE', `/v1/contacts/${contact.id}`, acct.agentToken)).body.code).toBe('permission_denied');
    const all = await api.json('DELETE', '/v1/contacts?all=true', acct.agentToken, undefined, { Confirm: 'delete-all-contacts' });
    expect(all.status).toBe(403);
    expect((await api.json('PATCH', `/v1/contacts/${contact.id}`, acct.agentToken, { fullName: 'B' })).status).toBe(200);
  });

  it('an administrator switches permissions per user, and the user’s tokens follow at once', async () => {
    const users = await api.json<{ data: { id: string }[] }>('GET', '/v1/users', acct.secretKey);
    expect(users.body.data.length).toBe(2);
    await api.json('PATCH', `/v1/users/${acct.adminUserId}`, acct.secretKey, { permissions: { deleteContacts: false, editContacts: false, manageLists: false } });
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    for (const [method, path, body] of [
      ['DELETE', `/v1/contacts/${contact.id}`, undefined],
      ['PATCH', `/v1/contacts/${contact.id}`, { fullName: 'B' }],
      ['POST', '/v1/contacts', { fullName: 'C', phone: phone(3) }],
      ['POST', `/v1/contacts/${contact.id}/opt-out`, undefined],
      ['POST', `/v1/contacts/${contact.id}/consent-message`, undefined],
      ['POST', '/v1/lists', { name: 'L' }],
    ] as const) {
      expect([path, (await api.json(method, path, acct.adminToken, body)).status]).toEqual([path, 403]);
    }
    const me = await api.json<Me>('GET', '/v1/me', acct.adminToken);
    expect(me.body.permissions).toMatchObject({ deleteContacts: false, deleteAllContacts: true });
  });

  it('creates users with role defaults and explicit switches', async () => {
    const created = await api.json('POST', '/v1/users', acct.secretKey, { name: 'Kim', role: 'admin', permissions: { deleteAllContacts: false } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Kim', role: 'admin', permissions: { deleteContacts: true, deleteAllContacts: false } });
  });
});

describe('tenant isolation', () => {
  it('every route answers 404 for another account’s ids and never shows its data', async () => {
    const other = await api.newAccount('Other');
    const theirs = await api.createContact(other.secretKey, { fullName: 'Secret Person', phone: phone(1) });
    const theirList = (await api.json<{ id: string }>('POST', '/v1/lists', other.secretKey, { name: 'Theirs' })).body;
    const theirImport = (await api.json<{ id: string }>('POST', '/v1/imports', other.secretKey, {})).body;
    const job = (await api.json<{ id: string }>('DELETE', '/v1/contacts?all=true', other.secretKey, undefined, { Confirm: 'delete-all-contacts' })).body;
    await api.services.jobs.idle();
    const mine = acct.secretKey;
    const probes: [string, string, unknown?][] = [
      ['GET', `/v1/contacts/${theirs.id}`],
      ['PATCH', `/v1/contacts/${theirs.id}`, { fullName: 'Mine now' }],
      ['DELETE', `/v1/contacts/${theirs.id}`],
      ['POST', `/v1/contacts/${theirs.id}/opt-out`],
      ['POST', `/v1/contacts/${theirs.id}/consent-message`],
      ['GET', `/v1/lists/${theirList.id}`],
      ['PATCH', `/v1/lists/${theirList.id}`, { name: 'Mine' }],
      ['DELETE', `/v1/lists/${theirList.id}`],
      ['GET', `/v1/contacts/export?listId=${theirList.id}`],
      ['POST', '/v1/contacts', { fullName: 'X', phone: phone(5), listIds: [theirList.id] }],
      ['POST', '/v1/imports', { listId: theirList.id }],
      ['GET', `/v1/imports/${theirImport.id}`],
      ['PUT', `/v1/imports/${theirImport.id}/chunks/0`, { rows: [{ fullName: 'X', phone: phone(6) }] }],
      ['POST', `/v1/imports/${theirImport.id}/commit`],
      ['DELETE', `/v1/imports/${theirImport.id}`],
      ['GET', `/v1/jobs/${job.id}`],
      ['POST', '/v1/sessions', { userId: other.adminUserId }],
      ['GET', `/v1/users/${other.adminUserId}`],
      ['PATCH', `/v1/users/${other.adminUserId}`, { name: 'Mine' }],
    ];
    for (const [method, path, body] of probes) {
      const response = await api.json(method, path, mine, body);
      expect([method, path, response.status, response.body?.code]).toEqual([method, path, 404, 'not_found']);
    }
    const list = await api.json<ContactPage>('GET', '/v1/contacts?q=secret', mine);
    expect(list.body.total).toBe(0);
    const changes = await api.json<{ data: unknown[] }>('GET', '/v1/changes', mine);
    expect(changes.body.data).toEqual([]);
    // The same number is free in this account: phone uniqueness is per account.
    expect((await api.json('POST', '/v1/contacts', mine, { fullName: 'Mine', phone: phone(1) })).status).toBe(201);
  });
});
