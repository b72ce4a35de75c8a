import { afterEach, describe, expect, it } from 'vitest';
import type { ChangesPage, ContactPage, Job } from '@contacts-manager/core/schema';
import { phone, testApi, type TestApi } from './helpers.js';

let api: TestApi;
afterEach(() => api.close());

async function finished(api: TestApi, token: string, job: Job): Promise<Job> {
  await api.services.jobs.idle();
  return (await api.json<Job>('GET', `/v1/jobs/${job.id}`, token)).body;
}

describe('POST /v1/contacts/bulk', () => {
  it('adds to and removes from a list by ids, as a job with progress, touching the feed once per changed contact', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const contacts = [];
    for (let i = 0; i < 5; i++) contacts.push(await api.createContact(acct.secretKey, { fullName: `C${i}`, phone: phone(i), listIds: i === 0 ? [list.id] : [] }));
    const head = (await api.json<ContactPage>('GET', '/v1/contacts?limit=1', acct.secretKey)).body.feedSeq;
    const ids = contacts.slice(0, 3).map((contact) => contact.id);
    const started = await api.call('POST', '/v1/contacts/bulk', acct.agentToken, { action: 'addToList', listId: list.id, ids });
    expect(started.status).toBe(202);
    const job = (await started.json()) as Job;
    expect(started.headers.get('Location')).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'bulk_action', progress: { total: 3 } });
    const done = await finished(api, acct.agentToken, job);
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: 3, total: 3 }, result: { action: 'addToList', affected: 2 } });
    const inList = await api.json<ContactPage>('GET', `/v1/contacts?listId=${list.id}`, acct.secretKey);
    expect(inList.body.data.map((contact) => contact.fullName)).toEqual(['C0', 'C1', 'C2']);
    const feed = await api.json<ChangesPage>('GET', `/v1/changes?after=${head}`, acct.secretKey);
    expect(feed.body.data.map((change) => (change.op === 'upsert' ? change.contact.fullName : change.id))).toEqual(['C1', 'C2']);
    const removed = await finished(api, acct.agentToken, (await api.json<Job>('POST', '/v1/contacts/bulk', acct.agentToken, { action: 'removeFromList', listId: list.id, ids })).body);
    expect(removed.result).toEqual({ action: 'removeFromList', affected: 3 });
    expect((await api.json<ContactPage>('GET', `/v1/contacts?listId=${list.id}`, acct.secretKey)).body.total).toBe(0);
  });

  it('deletes every contact matching a filter, each one reaching the feed as a delete; the register stays', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const keep = await api.createContact(acct.secretKey, { fullName: 'Keep Me', phone: phone(1) });
    const gone = [];
    for (let i = 2; i < 6; i++) gone.push(await api.createContact(acct.secretKey, { fullName: `Smith ${i}`, phone: phone(i) }));
    await api.call('POST', `/v1/contacts/${gone[0]!.id}/opt-out`, acct.secretKey);
    const head = (await api.json<ContactPage>('GET', '/v1/contacts?limit=1', acct.secretKey)).body.feedSeq;
    const job = (await api.json<Job>('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete', filter: { q: 'smith' } })).body;
    expect((await finished(api, acct.secretKey, job)).result).toEqual({ action: 'delete', affected: 4 });
    const left = await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey);
    expect(left.body.data.map((contact) => contact.id)).toEqual([keep.id]);
    const feed = await api.json<ChangesPage>('GET', `/v1/changes?after=${head}`, acct.secretKey);
    expect(feed.body.data.filter((change) => change.op === 'delete').map((change) => (change.op === 'delete' ? change.id : '')).sort()).toEqual(gone.map((contact) => contact.id).sort());
    const again = await api.createContact(acct.secretKey, { fullName: 'Back', phone: phone(2) });
    expect(again.optedOut).toBe(true);
  });

  it('checks the permission per action, and the selection', async () => {
    api = testApi();
    const acct = await api.newAccount();
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const denied = await api.json('POST', '/v1/contacts/bulk', acct.agentToken, { action: 'delete', ids: [contact.id] });
    expect([denied.status, denied.body.code]).toEqual([403, 'permission_denied']);
    const both = await api.json<{ errors: { path: string }[] }>('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete', ids: [contact.id], filter: {} });
    expect(both.status).toBe(422);
    expect((await api.json('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete' })).status).toBe(422);
    expect((await api.json('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'addToList', ids: [contact.id] })).status).toBe(422);
    expect((await api.json('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'addToList', listId: 'ls_0123456789abcdef', ids: [contact.id] })).status).toBe(404);
    const other = await api.newAccount('Other');
    const foreign = await api.json<Job>('POST', '/v1/contacts/bulk', other.secretKey, { action: 'delete', ids: [contact.id] });
    expect((await finished(api, other.secretKey, foreign.body)).result).toEqual({ action: 'delete', affected: 0 });
    expect((await api.json('GET', `/v1/contacts/${contact.id}`, acct.secretKey)).status).toBe(200);
  });
});
