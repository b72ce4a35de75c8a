// What a commit does to each staged row, as a user reads it back over the API: the counts, the
// register, emails kept, list membership, the change feed and the search. (Written against the
// survivors of the mutation run on the import commit.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesPage, Contact, ContactPage, Import, ImportCounts, Job } from '@contacts-manager/core/schema';
import { phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let api: TestApi;
let acct: TestAccount;

beforeEach(async () => {
  api = testApi();
  acct = await api.newAccount();
});
afterEach(() => api.close());

interface StagedRow {
  fullName: string;
  phone: string;
  email?: string;
  optedOut?: boolean;
}

async function importChunks(chunks: StagedRow[][], options: { listId?: string } = {}): Promise<{ job: Job; imported: Import }> {
  const created = await api.json<Import>('POST', '/v1/imports', acct.secretKey, options);
  expect(created.status).toBe(201);
  for (const [index, rows] of chunks.entries()) {
    expect((await api.json('PUT', `/v1/imports/${created.body.id}/chunks/${index}`, acct.secretKey, { rows })).status).toBe(200);
  }
  const commit = await api.json<Job>('POST', `/v1/imports/${created.body.id}/commit`, acct.secretKey);
  expect(commit.status).toBe(202);
  // The job announces the whole file as its total from the start.
  expect(commit.body.progress).toEqual({ done: 0, total: chunks.flat().length });
  await api.services.jobs.idle();
  return {
    job: (await api.json<Job>('GET', `/v1/jobs/${commit.body.id}`, acct.secretKey)).body,
    imported: (await api.json<Import>('GET', `/v1/imports/${created.body.id}`, acct.secretKey)).body,
  };
}

const counts = (partial: Partial<ImportCounts>): ImportCounts => ({ rows: 0, created: 0, updated: 0, unchanged: 0, duplicatesInFile: 0, keptOptedOut: 0, ...partial });

async function contactByPhone(number: string): Promise<Contact> {
  const page = (await api.json<ContactPage>('GET', '/v1/contacts?limit=200', acct.secretKey)).body;
  const contact = page.data.find((item) => item.phone === number);
  if (!contact) throw new Error(`no contact with ${number}`);
  return contact;
}

async function feedAfter(after: number): Promise<ChangesPage> {
  return (await api.json<ChangesPage>('GET', `/v1/changes?after=${after}&limit=1000`, acct.secretKey)).body;
}

describe('an import commit, row by row', () => {
  it("opts out the numbers the file marks, from any of a number's rows, with source import", async () => {
    const { imported } = await importChunks([
      [
        { fullName: 'Ada', phone: phone(1), optedOut: true },
        { fullName: 'Bob', phone: phone(2) },
      ],
      // Ada's last row no longer says so: the opt-out of the earlier row stands.
      [{ fullName: 'Ada Lovelace', phone: phone(1) }],
    ]);
    expect(imported.counts).toEqual(counts({ rows: 3, created: 2, duplicatesInFile: 1 }));
    expect(await contactByPhone(phone(1))).toMatchObject({ fullName: 'Ada Lovelace', optedOut: true, optOut: { source: 'import' } });
    expect(await contactByPhone(phone(2))).toMatchObject({ optedOut: false, optOut: null });
    // The register holds the number itself: deleting and re-creating the contact keeps it opted out.
    const ada = await contactByPhone(phone(1));
    expect((await api.call('DELETE', `/v1/contacts/${ada.id}`, acct.secretKey)).status).toBe(204);
    expect((await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) })).optedOut).toBe(true);
  });

  it("a number's last row wins across chunks, and numbers already in a register of many are kept opted out", async () => {
    // A register of 30 numbers whose contacts are gone: the register outlives them.
    for (let n = 100; n < 130; n++) {
      const stopped = await api.createContact(acct.secretKey, { fullName: `Stopped ${n}`, phone: phone(n), optedOut: true });
      expect((await api.call('DELETE', `/v1/contacts/${stopped.id}`, acct.secretKey)).status).toBe(204);
    }
    const registered = [100, 103, 111, 118, 129];
    const { imported } = await importChunks([
      [...[1, 2, 3].map((n) => ({ fullName: `First ${n}`, phone: phone(n) })), ...registered.map((n) => ({ fullName: `Back ${n}`, phone: phone(n) }))],
      [{ fullName: 'Middle 3', phone: phone(3) }, { fullName: 'Unlisted', phone: phone(131) }],
      [{ fullName: 'Last 1', phone: phone(1) }, { fullName: 'Last 3', phone: phone(3) }],
    ]);
    expect(imported.counts).toEqual(counts({ rows: 12, created: 9, duplicatesInFile: 3, keptOptedOut: registered.length }));
    expect(await contactByPhone(phone(1))).toMatchObject({ fullName: 'Last 1', optedOut: false });
    expect(await contactByPhone(phone(2))).toMatchObject({ fullName: 'First 2', optedOut: false });
    expect(await contactByPhone(phone(3))).toMatchObject({ fullName: 'Last 3', optedOut: false });
    expect(await contactByPhone(phone(131))).toMatchObject({ optedOut: false });
    for (const n of registered) expect(await contactByPhone(phone(n))).toMatchObject({ fullName: `Back ${n}`, optedOut: true, optOut: { source: 'manual' } });
  });

  it('an opt-out row for an existing, otherwise unchanged contact updates it; an already opted-out number is kept, not re-added', async () => {
    const same = await api.createContact(acct.secretKey, { fullName: 'Same', phone: phone(1) });
    const stopped = await api.createContact(acct.secretKey, { fullName: 'Stopped', phone: phone(2) });
    await api.json('POST', '/v1/inbound-messages', acct.secretKey, { from: phone(2), body: 'STOP' });
    const before = (await api.json<Contact>('GET', `/v1/contacts/${stopped.id}`, acct.secretKey)).body;
    const { imported } = await importChunks([
      [
        { fullName: 'Same', phone: phone(1), optedOut: true },
        { fullName: 'Stopped', phone: phone(2), optedOut: true },
      ],
    ]);
    expect(imported.counts).toEqual(counts({ rows: 2, updated: 1, unchanged: 1, keptOptedOut: 1 }));
    const updated = (await api.json<Contact>('GET', `/v1/contacts/${same.id}`, acct.secretKey)).body;
    expect(updated).toMatchObject({ optedOut: true, optOut: { source: 'import' }, version: same.version + 1 });
    // The first opt-out is the record: the keyword one stays, and the contact did not change.
    const after = (await api.json<Contact>('GET', `/v1/contacts/${stopped.id}`, acct.secretKey)).body;
    expect(after).toEqual(before);
    expect(after.optOut).toMatchObject({ source: 'keyword', keyword: 'STOP' });
  });

  it('a row without an email keeps the one on file; a new email or name is an update with a new version', async () => {
    const kept = await api.createContact(acct.secretKey, { fullName: 'Kept', phone: phone(1), email: 'kept@example.com' });
    const renamed = await api.createContact(acct.secretKey, { fullName: 'Old Name', phone: phone(2), email: 'same@example.com' });
    const mailed = await api.createContact(acct.secretKey, { fullName: 'Mailed', phone: phone(3), email: 'old@example.com' });
    const { imported } = await importChunks([
      [
        { fullName: 'Kept', phone: phone(1) },
        { fullName: 'New Name', phone: phone(2) },
        { fullName: 'Mailed', phone: phone(3), email: 'new@example.com' },
      ],
    ]);
    expect(imported.counts).toEqual(counts({ rows: 3, updated: 2, unchanged: 1 }));
    expect((await api.json<Contact>('GET', `/v1/contacts/${kept.id}`, acct.secretKey)).body).toMatchObject({ email: 'kept@example.com', version: 1 });
    expect((await api.json<Contact>('GET', `/v1/contacts/${renamed.id}`, acct.secretKey)).body).toMatchObject({
      fullName: 'New Name',
      email: 'same@example.com',
      version: 2,
    });
    expect((await api.json<Contact>('GET', `/v1/contacts/${mailed.id}`, acct.secretKey)).body).toMatchObject({ email: 'new@example.com', version: 2 });
    // The new name is searchable, the old one is gone.
    const search = async (q: string) => (await api.json<ContactPage>('GET', `/v1/contacts?q=${q}`, acct.secretKey)).body.data.map((contact) => contact.id);
    expect(await search('new%20name')).toEqual([renamed.id]);
    expect(await search('old%20name')).toEqual([]);
  });

  it('into a list: new contacts and non-members join it; a member already there is unchanged', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'Imported' })).body;
    const member = await api.createContact(acct.secretKey, { fullName: 'Member', phone: phone(1), listIds: [list.id] });
    const outsider = await api.createContact(acct.secretKey, { fullName: 'Outsider', phone: phone(2) });
    const { imported } = await importChunks(
      [
        [
          { fullName: 'Member', phone: phone(1) },
          { fullName: 'Outsider', phone: phone(2) },
          { fullName: 'Newcomer', phone: phone(3) },
        ],
      ],
      { listId: list.id },
    );
    expect(imported.counts).toEqual(counts({ rows: 3, created: 1, updated: 1, unchanged: 1 }));
    const onList = (await api.json<ContactPage>('GET', `/v1/contacts?listId=${list.id}`, acct.secretKey)).body;
    expect(onList.data.map((contact) => contact.fullName).sort()).toEqual(['Member', 'Newcomer', 'Outsider']);
    expect((await api.json<Contact>('GET', `/v1/contacts/${member.id}`, acct.secretKey)).body.version).toBe(1);
    expect((await api.json<Contact>('GET', `/v1/contacts/${outsider.id}`, acct.secretKey)).body).toMatchObject({ listIds: [list.id], version: 2 });
  });

  it('without a list, nobody joins one', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'Untouched' })).body;
    await importChunks([[{ fullName: 'Free', phone: phone(1) }]]);
    expect((await contactByPhone(phone(1))).listIds).toEqual([]);
    expect((await api.json<ContactPage>('GET', `/v1/contacts?listId=${list.id}`, acct.secretKey)).body.total).toBe(0);
  });

  it('a list deleted before the commit: nothing imported, the import open again with the reason', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'Doomed' })).body;
    const created = await api.json<Import>('POST', '/v1/imports', acct.secretKey, { listId: list.id });
    await api.json('PUT', `/v1/imports/${created.body.id}/chunks/0`, acct.secretKey, { rows: [{ fullName: 'A', phone: phone(1) }] });
    expect((await api.call('DELETE', `/v1/lists/${list.id}`, acct.secretKey)).status).toBe(204);
    const commit = await api.json<Job>('POST', `/v1/imports/${created.body.id}/commit`, acct.secretKey);
    await api.services.jobs.idle();
    const job = (await api.json<Job>('GET', `/v1/jobs/${commit.body.id}`, acct.secretKey)).body;
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/^Nothing was imported: /);
    const reopened = (await api.json<Import>('GET', `/v1/imports/${created.body.id}`, acct.secretKey)).body;
    expect(reopened.status).toBe('open');
    expect((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(0);
  });

  it('puts every new and updated contact on the change feed once, in order, and leaves unchanged ones off', async () => {
    const updated = await api.createContact(acct.secretKey, { fullName: 'Before', phone: phone(1) });
    const unchanged = await api.createContact(acct.secretKey, { fullName: 'Unchanged', phone: phone(2) });
    const head = (await feedAfter(0)).nextAfter;
    const rows: StagedRow[] = [
      { fullName: 'After', phone: phone(1) },
      { fullName: 'Unchanged', phone: phone(2) },
      ...Array.from({ length: 300 }, (_, index) => ({ fullName: `New ${index}`, phone: phone(10 + index) })),
    ];
    const { imported } = await importChunks([rows.slice(0, 150), rows.slice(150)]);
    expect(imported.counts).toEqual(counts({ rows: 302, created: 300, updated: 1, unchanged: 1 }));
    const feed = await feedAfter(head);
    expect(feed.hasMore).toBe(false);
    const seqs = feed.data.map((change) => change.seq);
    expect(seqs).toEqual(seqs.map((_, index) => head + 1 + index));
    const ids = feed.data.map((change) => (change.op === 'upsert' ? change.contact.id : change.id));
    expect(new Set(ids).size).toBe(301);
    // Imported contacts carry ids of the same form as contacts created one by one.
    for (const id of ids) expect(id).toMatch(/^ct_[0-9A-Za-z]{20,}$/);
    expect(updated.id).toMatch(/^ct_[0-9A-Za-z]{20,}$/);
    expect(ids).toContain(updated.id);
    expect(ids).not.toContain(unchanged.id);
    expect(feed.nextAfter).toBe(head + 301);
    // The count and the search follow too.
    const page = (await api.json<ContactPage>('GET', '/v1/contacts?q=new%20299', acct.secretKey)).body;
    expect(page.data.map((contact) => contact.fullName)).toEqual(['New 299']);
    expect((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(302);
  });

  it("an import in another account touches neither this account's contacts nor its feed", async () => {
    const mine = await api.createContact(acct.secretKey, { fullName: 'Mine', phone: phone(1) });
    const head = (await feedAfter(0)).nextAfter;
    const other = await api.newAccount('Other');
    const created = await api.json<Import>('POST', '/v1/imports', other.secretKey, {});
    await api.json('PUT', `/v1/imports/${created.body.id}/chunks/0`, other.secretKey, {
      rows: [
        { fullName: 'Theirs', phone: phone(1), optedOut: true },
        { fullName: 'Also theirs', phone: phone(2) },
      ],
    });
    await api.json('POST', `/v1/imports/${created.body.id}/commit`, other.secretKey);
    await api.services.jobs.idle();
    expect((await api.json<Contact>('GET', `/v1/contacts/${mine.id}`, acct.secretKey)).body).toMatchObject({ fullName: 'Mine', optedOut: false, version: 1 });
    expect((await feedAfter(head)).data).toEqual([]);
    expect((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(1);
    const theirs = (await api.json<ContactPage>('GET', '/v1/contacts', other.secretKey)).body;
    expect(theirs.total).toBe(2);
    expect((await api.json<ChangesPage>('GET', '/v1/changes', other.secretKey)).body.data.map((change) => change.seq)).toEqual([1, 2]);
  });
});
