import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, Import, Job } from '@contacts-manager/core/schema';
import { phone, testApi, type TestApi } from './helpers.js';

let api: TestApi;
afterEach(() => api.close());

async function importRows(api: TestApi, token: string, rows: Record<string, unknown>[]): Promise<Import> {
  const session = (await api.json<Import>('POST', '/v1/imports', token, {})).body;
  const staged = await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, token, { rows });
  expect(staged.status).toBe(200);
  const job = (await api.json<Job>('POST', `/v1/imports/${session.id}/commit`, token)).body;
  await api.services.jobs.idle();
  expect((await api.json<Job>('GET', `/v1/jobs/${job.id}`, token)).body.status).toBe('succeeded');
  return (await api.json<Import>('GET', `/v1/imports/${session.id}`, token)).body;
}

describe('opt-outs that must not slip through', () => {
  it('carries an opt-out to the new number when an opted-out contact changes phone; the old number stays opted out', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const contact = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    await api.call('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    const moved = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { phone: phone(2) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ phone: phone(2), optedOut: true, optOut: { source: 'manual' } });
    const consent = await api.json('POST', `/v1/contacts/${contact.id}/consent-message`, acct.secretKey);
    expect([consent.status, consent.body.code]).toEqual([409, 'opt_out_locked']);
    const old = await api.createContact(acct.secretKey, { fullName: 'Someone else', phone: phone(1) });
    expect(old.optedOut).toBe(true);
  });

  it('imports rows marked opted out into the register (source import), never opting anyone in', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const existing = await api.createContact(acct.secretKey, { fullName: 'Known', phone: phone(3) });
    const done = await importRows(api, acct.secretKey, [
      { fullName: 'New Out', phone: phone(1), optedOut: true },
      { fullName: 'New In', phone: phone(2), optedOut: false },
      { fullName: 'Known', phone: phone(3), optedOut: true },
    ]);
    expect(done.counts).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    const contacts = (await api.json<{ data: Contact[] }>('GET', '/v1/contacts', acct.secretKey)).body.data;
    const byPhone = new Map(contacts.map((contact) => [contact.phone, contact]));
    expect(byPhone.get(phone(1))).toMatchObject({ optedOut: true, optOut: { source: 'import' } });
    expect(byPhone.get(phone(2))?.optedOut).toBe(false);
    expect(byPhone.get(phone(3))).toMatchObject({ id: existing.id, optedOut: true, version: 2 });
    // A later import saying "no" changes nothing.
    await importRows(api, acct.secretKey, [{ fullName: 'New Out', phone: phone(1), optedOut: false }]);
    expect((await api.json<Contact>('GET', `/v1/contacts/${byPhone.get(phone(1))!.id}`, acct.secretKey)).body.optedOut).toBe(true);
  });

  it('needs editContacts as well as importContacts to import', async () => {
    api = testApi();
    const acct = await api.newAccount();
    await api.json('PATCH', `/v1/users/${acct.agentUserId}`, acct.secretKey, { permissions: { editContacts: false, importContacts: true } });
    const session = (await api.json<{ token: string }>('POST', '/v1/sessions', acct.secretKey, { userId: acct.agentUserId })).body;
    const refused = await api.json('POST', '/v1/imports', session.token, {});
    expect([refused.status, refused.body.code]).toEqual([403, 'permission_denied']);
    const open = (await api.json<Import>('POST', '/v1/imports', acct.secretKey, {})).body;
    expect((await api.json('PUT', `/v1/imports/${open.id}/chunks/0`, session.token, { rows: [{ fullName: 'Renamed', phone: phone(1) }] })).status).toBe(403);
    expect((await api.json('POST', `/v1/imports/${open.id}/commit`, session.token)).status).toBe(403);
  });

  it('refuses an import over 5,000,000 rows with import_too_large', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const refused = await api.json('POST', '/v1/imports', acct.secretKey, { totalRows: 5_000_001 });
    expect([refused.status, refused.body.code]).toEqual([422, 'import_too_large']);
    expect((await api.json('POST', '/v1/imports', acct.secretKey, { totalRows: 5_000_000 })).status).toBe(201);
  });
});

describe('failed authentication', () => {
  it('is limited per client address: after too many failures even a good key waits (429 with Retry-After)', async () => {
    api = testApi({ failedAuthLimit: { limit: 3, windowSeconds: 60 } });
    const acct = await api.newAccount();
    for (const token of ['sk_guess_1', 'sk_guess_2', 'st_guess_3']) expect((await api.call('GET', '/v1/me', token)).status).toBe(401);
    const limited = await api.call('GET', '/v1/me', acct.secretKey);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });

  it('lets good keys through while failures stay under the limit', async () => {
    // A clock ten days on: on PostgreSQL the counters of the test above are in the shared table.
    api = testApi({ failedAuthLimit: { limit: 3, windowSeconds: 60 }, now: () => Date.now() + 10 * 86_400_000 });
    const acct = await api.newAccount();
    expect((await api.call('GET', '/v1/me', 'sk_guess')).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await api.call('GET', '/v1/me', acct.secretKey)).status).toBe(200);
  });
});
