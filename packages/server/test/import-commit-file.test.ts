import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangesPage, ContactPage, Job } from '@contacts-manager/core/schema';
import { seedContacts, seededPhone } from '../src/store/sqlite/seed-contacts.js';
import { phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let dir: string;
let api: TestApi;
let acct: TestAccount;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'contacts-commit-'));
  api = testApi({ database: join(dir, 'contacts.db') });
  acct = await api.newAccount();
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an import commit on a database file', () => {
  it('keeps answering reads from the last committed state, and queues writes until it is done', async () => {
    await api.createContact(acct.secretKey, { fullName: 'Before', phone: phone(1) });
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    const rows = 30_000;
    for (let chunk = 0; chunk * 1000 < rows; chunk++) {
      const body = { rows: Array.from({ length: 1000 }, (_, i) => ({ fullName: `Row ${chunk * 1000 + i}`, phone: seededPhone(chunk * 1000 + i) })) };
      expect((await api.json('PUT', `/v1/imports/${session.id}/chunks/${chunk}`, acct.secretKey, body)).status).toBe(200);
    }
    const job = (await api.json<Job>('POST', `/v1/imports/${session.id}/commit`, acct.secretKey)).body;

    const seenWhileRunning: { status: string; total: number }[] = [];
    let write: Promise<{ status: number }> | null = null;
    for (;;) {
      const current = (await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body;
      if (current.status === 'succeeded' || current.status === 'failed') break;
      const total = (await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total;
      seenWhileRunning.push({ status: current.status, total });
      if (current.status === 'running' && !write) write = api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'During', phone: phone(2) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const running = seenWhileRunning.filter((seen) => seen.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    // Nothing of the import is visible until it commits: all or nothing.
    expect(running.every((seen) => seen.total === 1)).toBe(true);
    expect((await write!).status).toBe(201);
    expect((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(rows + 2);
    expect((await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body).toMatchObject({ status: 'succeeded', progress: { done: rows, total: rows } });
  });
});

describe('delete all on a database file', () => {
  it('deletes on its own thread: every contact goes to the feed as a delete, the register stays, reads and writes go on', async () => {
    const contacts = 12_000;
    seedContacts(api.sqlite.db, acct.accountId, contacts, { optOutEvery: 100 });
    const head = (await api.json<ChangesPage>('GET', '/v1/changes?limit=1', acct.secretKey)).body.nextAfter;
    const job = (await api.json<Job>('DELETE', '/v1/contacts?all=true', acct.secretKey, undefined, { Confirm: 'delete-all-contacts' })).body;
    let write: Promise<{ status: number }> | null = null;
    const totals: number[] = [];
    for (;;) {
      const current = (await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body;
      if (current.status === 'succeeded' || current.status === 'failed') break;
      totals.push((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total);
      if (current.status === 'running' && !write) write = api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'During', phone: phone(2) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body).toMatchObject({ status: 'succeeded', result: { deleted: contacts } });
    expect(totals.every((total) => total <= contacts && total >= 0)).toBe(true);
    // A contact created while the job ran is not one it was asked to delete.
    expect((await write!).status).toBe(201);
    expect((await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(1);

    let deletes = 0;
    for (let after = head; ; ) {
      const page = (await api.json<ChangesPage>('GET', `/v1/changes?after=${after}&limit=1000`, acct.secretKey)).body;
      deletes += page.data.filter((change) => change.op === 'delete').length;
      if (!page.hasMore) break;
      after = page.nextAfter;
    }
    expect(deletes).toBe(contacts);
    const registered = api.sqlite.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM opt_outs WHERE account_rid = (SELECT rid FROM accounts WHERE id = ?)').get(acct.accountId)!.n;
    expect(registered).toBe(contacts / 100);
    // A deleted number that was opted out is still opted out when it comes back.
    const back = (await api.json<{ optedOut: boolean }>('POST', '/v1/contacts', acct.secretKey, { fullName: 'Back', phone: seededPhone(99) })).body;
    expect(back.optedOut).toBe(true);
  });
});
