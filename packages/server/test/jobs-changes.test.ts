import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesPage, ContactPage, Job } from '@contacts-manager/core/schema';
import { runMaintenance } from '../src/maintenance.js';
import { onPostgres, phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let api: TestApi;
let acct: TestAccount;

afterEach(() => api.close());

describe('delete all', () => {
  beforeEach(async () => {
    api = testApi({ deleteBatchSize: 3 });
    acct = await api.newAccount();
  });

  it.skipIf(onPostgres)('runs as a job in batches: readers see the count fall, every removal reaches the feed', async () => {
    for (let i = 0; i < 10; i++) await api.createContact(acct.secretKey, { fullName: `P${i}`, phone: phone(i) });
    const head = (await api.json<ChangesPage>('GET', '/v1/changes?limit=1000', acct.secretKey)).body.nextAfter;
    const response = await api.call('DELETE', '/v1/contacts?all=true', acct.secretKey, undefined, { Confirm: 'delete-all-contacts' });
    expect(response.status).toBe(202);
    const job = (await response.json()) as Job;
    expect(response.headers.get('Location')).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'delete_all', status: 'queued', progress: { done: 0, total: 10 } });

    const totals: number[] = [];
    const progress: number[] = [];
    for (;;) {
      const current = (await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body;
      totals.push((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total);
      progress.push(current.progress.done);
      if (current.status === 'succeeded') {
        expect(current.result).toEqual({ deleted: 10 });
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(totals.at(-1)).toBe(0);
    expect(new Set(totals).size).toBeGreaterThan(2); // seen falling, not in one jump
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const feed = (await api.json<ChangesPage>('GET', `/v1/changes?after=${head}&limit=1000`, acct.secretKey)).body;
    expect(feed.data.filter((change) => change.op === 'delete')).toHaveLength(10);

    // Search stays exact, and the search index is cleared of the deleted contacts afterwards.
    await api.services.jobs.idle();
    expect((await api.json<ContactPage>('GET', '/v1/contacts?q=P1', acct.secretKey)).body.total).toBe(0);
    expect(api.sqlite.db.prepare('SELECT count(*) AS n FROM search_garbage').get()).toEqual({ n: 0 });
  });

  it('a second request while one runs returns the running job', async () => {
    for (let i = 0; i < 5; i++) await api.createContact(acct.secretKey, { fullName: `P${i}`, phone: phone(i) });
    const first = (await api.json<Job>('DELETE', '/v1/contacts?all=true', acct.secretKey, undefined, { Confirm: 'delete-all-contacts' })).body;
    const second = (await api.json<Job>('DELETE', '/v1/contacts?all=true', acct.secretKey, undefined, { Confirm: 'delete-all-contacts' })).body;
    expect(second.id).toBe(first.id);
    await api.services.jobs.idle();
  });
});

describe('the change feed', () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  beforeEach(async () => {
    now = Date.parse('2030-01-01T00:00:00Z');
    api = testApi({ now: () => now });
    acct = await api.newAccount();
  });

  it('numbers each account feed on its own: a new account starts at seq 1 and sees no one else', async () => {
    const other = await api.newAccount('Other');
    for (let n = 0; n < 5; n++) await api.createContact(other.secretKey, { fullName: `O${n}`, phone: phone(20 + n) });
    const mine = await api.createContact(acct.secretKey, { fullName: 'Mine', phone: phone(1) });
    const feed = (await api.json<ChangesPage>('GET', '/v1/changes', acct.secretKey)).body;
    expect(feed.data.map((change) => [change.seq, change.op === 'upsert' ? change.contact.id : change.id])).toEqual([[1, mine.id]]);
    expect((await api.json<{ feedSeq: number }>('GET', '/v1/contacts', acct.secretKey)).body.feedSeq).toBe(1);
    expect((await api.json<{ feedSeq: number }>('GET', '/v1/contacts', other.secretKey)).body.feedSeq).toBe(5);
  });

  it('lists upserts and deletes in commit order, paged by seq', async () => {
    const a = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const b = await api.createContact(acct.secretKey, { fullName: 'B', phone: phone(2) });
    await api.json('PATCH', `/v1/contacts/${a.id}`, acct.secretKey, { fullName: 'A2' });
    await api.call('DELETE', `/v1/contacts/${b.id}`, acct.secretKey);
    const first = (await api.json<ChangesPage>('GET', '/v1/changes?limit=1', acct.secretKey)).body;
    expect(first.hasMore).toBe(true);
    const rest = (await api.json<ChangesPage>('GET', `/v1/changes?after=${first.nextAfter}`, acct.secretKey)).body;
    const all = [...first.data, ...rest.data];
    expect(rest.hasMore).toBe(false);
    expect(all.map((change) => change.seq)).toEqual([...all.map((change) => change.seq)].sort((x, y) => x - y));
    expect(all.map((change) => (change.op === 'upsert' ? `upsert ${change.contact.fullName} v${change.contact.version}` : `delete ${change.id}`))).toEqual([
      'upsert A2 v2',
      `delete ${b.id}`,
    ]);
    const caughtUp = (await api.json<ChangesPage>('GET', `/v1/changes?after=${rest.nextAfter}`, acct.secretKey)).body;
    expect(caughtUp).toEqual({ data: [], nextAfter: rest.nextAfter, hasMore: false });
  });

  it('after compaction of entries older than 30 days, an older cursor is 410 resync_required', async () => {
    const a = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const cursor = (await api.json<ChangesPage>('GET', '/v1/changes', acct.secretKey)).body.nextAfter;
    await api.call('DELETE', `/v1/contacts/${a.id}`, acct.secretKey);
    await api.createContact(acct.secretKey, { fullName: 'B', phone: phone(2) });
    // Deletes are stamped with the wall clock; compact as if 31 days had passed.
    now = Date.now() + 31 * 24 * 3600_000;
    await runMaintenance(api.services);
    const stale = await api.json('GET', `/v1/changes?after=${cursor}`, acct.secretKey);
    expect(stale.status).toBe(410);
    expect(stale.body.code).toBe('resync_required');
    const fresh = (await api.json<ChangesPage>('GET', '/v1/changes?after=0', acct.secretKey)).body;
    expect(fresh.data.map((change) => change.op)).toEqual(['upsert']);
  });
});
