import { afterEach, describe, expect, it } from 'vitest';
import type { Contact, ContactPage, Import } from '@contacts-manager/core/schema';
import { indexedSearchTuning } from '../src/store/sqlite/contact-search.js';
import { onPostgres, phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

// Searches whose matches run into the thousands: the SQLite store counts them in its index and
// meets a page of them walking the sort index (or sorting them, when they bunch at its end).
// Every answer is held to a brute-force reading of all the contacts, on both backends.

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Radia', 'Zed'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Perlman', 'Johnson', 'Ström'];
const ROWS = 2400;

const row = (i: number) => ({
  fullName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
  phone: phone(i),
  ...(i % 4 === 0 ? {} : { email: `${FIRST[i % FIRST.length]!.toLowerCase()}.${i}@mail.test` }),
});

/** Imports ROWS contacts into the account and waits until the search indexes hold them all. */
async function importRows(account: TestAccount): Promise<void> {
  const session = (await api.json<Import>('POST', '/v1/imports', account.secretKey, {})).body;
  for (let from = 0; from < ROWS; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, ROWS - from) }, (_, k) => row(from + k));
    expect((await api.json('PUT', `/v1/imports/${session.id}/chunks/${from / 1000}`, account.secretKey, { rows })).status).toBe(200);
  }
  expect((await api.call('POST', `/v1/imports/${session.id}/commit`, account.secretKey)).status).toBe(202);
  await api.services.jobs.idle();
  if (!onPostgres) await expect.poll(() => api.sqlite.db.prepare('SELECT count(*) AS n FROM search_backlog').get(), { timeout: 10_000 }).toEqual({ n: 0 });
}

async function everyPage(query: string, account = acct): Promise<{ contacts: Contact[]; totals: Set<number> }> {
  const contacts: Contact[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  do {
    const response: { status: number; body: ContactPage } = await api.json<ContactPage>(
      'GET',
      `/v1/contacts?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      account.secretKey,
    );
    expect(response.status).toBe(200);
    contacts.push(...response.body.data);
    totals.add(response.body.total);
    cursor = response.body.nextCursor;
  } while (cursor);
  return { contacts, totals };
}

/** What q matches, read from every contact: a substring of the name, the email or the phone's digits. */
function expected(all: Contact[], q: string): string[] {
  const text = q.toLowerCase();
  const digits = /^[\d\s()+./-]+$/.test(q) ? q.replace(/\D/g, '') : '';
  const phrases = [text, ...(digits && digits !== text ? [digits] : [])];
  return all
    .filter((contact) => phrases.some((phrase) => [contact.fullName.toLowerCase(), contact.email ?? '', contact.phone.slice(1)].some((field) => field.includes(phrase))))
    .map((contact) => contact.id);
}

describe('searches with thousands of matches', () => {
  afterEach(() => {
    indexedSearchTuning.sortAllMatches = 2000;
    indexedSearchTuning.walkRows = 20_000;
  });

  it('count them exactly and page through them in order, by name and by date', async () => {
    const other = await api.newAccount('Other');
    await importRows(acct);
    await importRows(other);
    const all = (await everyPage('sort=name')).contacts;
    expect(all).toHaveLength(ROWS);
    // More than a hundred matches are met walking the sort index, fewer sorted.
    indexedSearchTuning.sortAllMatches = 100;
    for (const q of ['mail.test', 'ada', '5551', '555-01', 'ström', 'zed']) {
      const want = expected(all, q);
      expect(want.length, q).toBeGreaterThan(0);
      const byName = await everyPage(`q=${encodeURIComponent(q)}`);
      expect(byName.contacts.map((contact) => contact.id), q).toEqual(want);
      expect([...byName.totals], q).toEqual([want.length]);
      const newest = await everyPage(`q=${encodeURIComponent(q)}&sort=-createdAt`);
      expect(newest.contacts.map((contact) => contact.id).sort(), q).toEqual([...want].sort());
      const keys = newest.contacts.map((contact) => `${contact.createdAt} ${contact.id}`);
      expect(keys, q).toEqual([...keys].sort().reverse());
    }
  });

  it.skipIf(onPostgres)('sort the matches when they bunch past the stretch of the sort index a page walks', async () => {
    await importRows(acct);
    const all = (await everyPage('sort=name')).contacts;
    indexedSearchTuning.sortAllMatches = 10;
    indexedSearchTuning.walkRows = 100;
    // Every "Zed" sorts last: a walk of the first 100 names meets none of them.
    const zed = await everyPage('q=zed');
    expect(zed.contacts.map((contact) => contact.id)).toEqual(expected(all, 'zed'));
    expect([...zed.totals]).toEqual([ROWS / FIRST.length]);
    // Spread matches: the walk fills each page.
    const mail = await everyPage('q=mail.test');
    expect(mail.contacts.map((contact) => contact.id)).toEqual(expected(all, 'mail.test'));
  });
});
