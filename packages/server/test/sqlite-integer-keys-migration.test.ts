// A database written by the previous release (text account keys in every table) opens with
// this one: the migration moves every row to integer keys and the API shows the same data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, Contact, ContactList, ContactPage, Import, Job } from '@contacts-manager/core/schema';
import { hashToken } from '../src/store/account-rows.js';
import { onPostgres, phone, testApi, type TestApi } from './helpers.js';

const PREVIOUS_SCHEMA = readFileSync(new URL('./fixtures/schema-before-integer-keys.sql', import.meta.url), 'utf8');

const ACME = { id: 'ac_01JACME0000000000000000000', key: 'sk_acmeAcmeAcmeAcmeAcmeAcmeAcme01' };
const GLOBEX = { id: 'ac_01JGLOBEX00000000000000000', key: 'sk_globexGlobexGlobexGlobexGlob01' };
const CREATED = '2026-11-20T10:00:00.000Z';

/** What the previous release held: two accounts, lists, memberships, the register, the feed, a staged import. */
function writePreviousRelease(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(PREVIOUS_SCHEMA);
  const account = db.prepare(`INSERT INTO accounts (id, name, default_country, contact_count, change_seq, created_at) VALUES (?, ?, 'US', ?, ?, ?)`);
  account.run(ACME.id, 'Acme', 3, 3, CREATED);
  account.run(GLOBEX.id, 'Globex', 1, 1, CREATED);
  const key = db.prepare(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES (?, ?, ?)`);
  key.run(hashToken(ACME.key), ACME.id, CREATED);
  key.run(hashToken(GLOBEX.key), GLOBEX.id, CREATED);
  const list = db.prepare(`INSERT INTO lists (id, account_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`);
  list.run('ls_01JACMECUSTOMERS0000000000', ACME.id, 'Customers', 'customers', CREATED);
  list.run('ls_01JACMEVIP000000000000000', ACME.id, 'VIP', 'vip', CREATED);
  list.run('ls_01JGLOBEXCUSTOMERS00000000', GLOBEX.id, 'Customers', 'customers', CREATED);
  const contact = db.prepare(
    `INSERT INTO contacts (rid, id, account_id, full_name, name_key, phone, email, consent_status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  contact.run(1, 'ct_01JADA0000000000000000000', ACME.id, 'Ada Lovelace', 'ada lovelace', phone(1), 'ada@example.com', 'not_sent', CREATED, CREATED, 1);
  contact.run(2, 'ct_01JGRACE00000000000000000', ACME.id, 'Grace Hopper', 'grace hopper', phone(2), null, 'confirmed', CREATED, CREATED, 3);
  contact.run(3, 'ct_01JALAN000000000000000000', ACME.id, 'Alan Turing', 'alan turing', phone(3), 'alan@example.com', 'not_sent', CREATED, CREATED, 1);
  // The same number in another account is another contact.
  contact.run(4, 'ct_01JGLOBEXADA0000000000000', GLOBEX.id, 'Ada at Globex', 'ada at globex', phone(1), null, 'not_sent', CREATED, CREATED, 1);
  db.exec(`INSERT INTO contacts_search (rowid, search) SELECT rid, name_key || ' ' || coalesce(email, '') || ' ' || substr(phone, 2) FROM contacts`);
  const member = db.prepare(`INSERT INTO contact_lists (contact_id, list_id) VALUES (?, ?)`);
  member.run('ct_01JADA0000000000000000000', 'ls_01JACMECUSTOMERS0000000000');
  member.run('ct_01JADA0000000000000000000', 'ls_01JACMEVIP000000000000000');
  member.run('ct_01JGRACE00000000000000000', 'ls_01JACMEVIP000000000000000');
  member.run('ct_01JGLOBEXADA0000000000000', 'ls_01JGLOBEXCUSTOMERS00000000');
  const optOut = db.prepare(`INSERT INTO opt_outs (account_id, phone, at, source, keyword) VALUES (?, ?, ?, ?, ?)`);
  optOut.run(ACME.id, phone(2), CREATED, 'keyword', 'STOP');
  // A number with no contact left: the register keeps it.
  optOut.run(ACME.id, phone(9), CREATED, 'manual', null);
  const change = db.prepare(`INSERT INTO changes (account_id, seq, contact_id, op, at) VALUES (?, ?, ?, 'upsert', 0)`);
  change.run(ACME.id, 1, 'ct_01JADA0000000000000000000');
  change.run(ACME.id, 2, 'ct_01JGRACE00000000000000000');
  change.run(ACME.id, 3, 'ct_01JALAN000000000000000000');
  change.run(GLOBEX.id, 1, 'ct_01JGLOBEXADA0000000000000');
  const farFuture = Date.parse('2100-01-01T00:00:00Z');
  db.prepare(
    `INSERT INTO imports (id, account_id, status, list_id, counts, created_at, updated_at, expires_at) VALUES ('im_01JACMESTAGED000000000000', ?, 'open', 'ls_01JACMECUSTOMERS0000000000', ?, ?, ?, ?)`,
  ).run(ACME.id, JSON.stringify({ rows: 0, created: 0, updated: 0, unchanged: 0, duplicatesInFile: 0, keptOptedOut: 0 }), CREATED, CREATED, farFuture);
  db.prepare(`INSERT INTO import_chunks (import_id, idx, row_count, rows) VALUES ('im_01JACMESTAGED000000000000', 0, 3, ?)`).run(
    JSON.stringify([
      ['Ada Lovelace', phone(1), 'ada@example.com'],
      ['Opted Out Before', phone(9), null],
      ['New Person', phone(10), null, 1],
    ]),
  );
  db.close();
}

describe.skipIf(onPostgres)('a database from the previous release', () => {
  let dir: string;
  let api: TestApi;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'contacts-migrate-'));
    writePreviousRelease(join(dir, 'contacts.db'));
    api = testApi({ database: join(dir, 'contacts.db') });
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens with every contact, list, membership and opt-out where it was', async () => {
    const page = (await api.json<ContactPage>('GET', '/v1/contacts?sort=name', ACME.key)).body;
    expect(page.total).toBe(3);
    expect(page.data.map((contact) => [contact.fullName, contact.phone, contact.email, contact.listIds, contact.optedOut, contact.version])).toEqual([
      ['Ada Lovelace', phone(1), 'ada@example.com', ['ls_01JACMECUSTOMERS0000000000', 'ls_01JACMEVIP000000000000000'], false, 1],
      ['Alan Turing', phone(3), 'alan@example.com', [], false, 1],
      ['Grace Hopper', phone(2), null, ['ls_01JACMEVIP000000000000000'], true, 3],
    ]);
    expect(page.data[2]).toMatchObject({ optOut: { source: 'keyword', keyword: 'STOP', at: CREATED }, consent: { status: 'confirmed' } });

    const lists = (await api.json<{ data: ContactList[] }>('GET', '/v1/lists', ACME.key)).body.data;
    expect(lists.map((list) => [list.id, list.name, list.contactCount])).toEqual([
      ['ls_01JACMECUSTOMERS0000000000', 'Customers', 1],
      ['ls_01JACMEVIP000000000000000', 'VIP', 2],
    ]);
    const vip = (await api.json<ContactPage>('GET', '/v1/contacts?listId=ls_01JACMEVIP000000000000000&sort=name', ACME.key)).body;
    expect(vip.data.map((contact) => contact.fullName)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    const optedOut = (await api.json<ContactPage>('GET', '/v1/contacts?optedOut=true', ACME.key)).body;
    expect(optedOut.data.map((contact) => contact.id)).toEqual(['ct_01JGRACE00000000000000000']);
    const search = (await api.json<ContactPage>('GET', '/v1/contacts?q=lovel', ACME.key)).body;
    expect(search.data.map((contact) => contact.id)).toEqual(['ct_01JADA0000000000000000000']);
    // The word index for short queries is built from the contacts there, account by account.
    const short = (await api.json<ContactPage>('GET', '/v1/contacts?q=ho', ACME.key)).body;
    expect([short.total, short.data.map((contact) => contact.fullName)]).toEqual([1, ['Grace Hopper']]);
    const byEmailWord = (await api.json<ContactPage>('GET', '/v1/contacts?q=ex', ACME.key)).body;
    expect(byEmailWord.data.map((contact) => contact.fullName)).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect((await api.json<ContactPage>('GET', '/v1/contacts?q=ad', GLOBEX.key)).body.total).toBe(1);

    // The other account sees its own contact under the same number, and only that.
    const globex = (await api.json<ContactPage>('GET', '/v1/contacts', GLOBEX.key)).body;
    expect(globex.data.map((contact) => [contact.id, contact.listIds, contact.optedOut])).toEqual([['ct_01JGLOBEXADA0000000000000', ['ls_01JGLOBEXCUSTOMERS00000000'], false]]);
    expect((await api.call('GET', '/v1/contacts/ct_01JADA0000000000000000000', GLOBEX.key)).status).toBe(404);
  });

  it('keeps the register: a number opted out before the upgrade stays opted out in a new contact', async () => {
    const created = await api.createContact(ACME.key, { fullName: 'Back Again', phone: phone(9) });
    expect(created.optedOut).toBe(true);
    expect(created.optOut).toMatchObject({ source: 'manual', at: CREATED });
    // Globex never opted that number out.
    const other = await api.createContact(GLOBEX.key, { fullName: 'Globex Nine', phone: phone(9) });
    expect(other.optedOut).toBe(false);
  });

  it('continues each account feed after its last seq, and search follows later edits', async () => {
    const feed = (await api.json<{ data: Change[] }>('GET', '/v1/changes?after=0', ACME.key)).body.data;
    expect(feed.map((change) => change.seq)).toEqual([1, 2, 3]);
    const updated = (await api.json<Contact>('PATCH', '/v1/contacts/ct_01JALAN000000000000000000', ACME.key, { fullName: 'Alan Mathison Turing' })).body;
    expect(updated.version).toBe(2);
    const after = (await api.json<{ data: Change[] }>('GET', '/v1/changes?after=3', ACME.key)).body.data;
    expect(after).toMatchObject([{ seq: 4, op: 'upsert', contact: { id: 'ct_01JALAN000000000000000000', fullName: 'Alan Mathison Turing' } }]);
    // The search index follows the rename, as before the upgrade.
    const search = (await api.json<ContactPage>('GET', '/v1/contacts?q=mathison', ACME.key)).body;
    expect(search.data.map((contact) => contact.id)).toEqual(['ct_01JALAN000000000000000000']);
    const globexFeed = (await api.json<{ data: Change[] }>('GET', '/v1/changes?after=0', GLOBEX.key)).body.data;
    expect(globexFeed.map((change) => change.seq)).toEqual([1]);
  });

  it('commits an import staged before the upgrade, into its list, the register winning', async () => {
    const response = await api.call('POST', '/v1/imports/im_01JACMESTAGED000000000000/commit', ACME.key);
    expect(response.status).toBe(202);
    const job = (await response.json()) as Job;
    await api.services.jobs.idle();
    expect((await api.json<Job>('GET', `/v1/jobs/${job.id}`, ACME.key)).body.status).toBe('succeeded');
    const imported = (await api.json<Import>('GET', '/v1/imports/im_01JACMESTAGED000000000000', ACME.key)).body;
    expect(imported.counts).toEqual({ rows: 3, created: 2, updated: 0, unchanged: 1, duplicatesInFile: 0, keptOptedOut: 1 });
    const customers = (await api.json<ContactPage>('GET', '/v1/contacts?listId=ls_01JACMECUSTOMERS0000000000&sort=name', ACME.key)).body;
    expect(customers.data.map((contact) => [contact.fullName, contact.optedOut])).toEqual([
      ['Ada Lovelace', false],
      ['New Person', true],
      ['Opted Out Before', true],
    ]);
    expect((await api.json<ContactPage>('GET', '/v1/contacts', ACME.key)).body.total).toBe(5);
  });
});
