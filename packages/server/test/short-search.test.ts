import { describe, expect, it } from 'vitest';
import type { ContactPage } from '@contacts-manager/core/schema';
import { onPostgres, phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

// A one- or two-character q matches the start of a word of the name or the email (api.md).
// SQLite answers a lone word from a word index (the account's matches counted there, the
// page merged from the name index); these tests hold both backends to the same answers.

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

async function search(query: string, account = acct): Promise<ContactPage> {
  const response = await api.json<ContactPage>('GET', `/v1/contacts?${query}`, account.secretKey);
  expect(response.status).toBe(200);
  return response.body;
}
const names = async (q: string, extra = ''): Promise<string[]> => (await search(`q=${encodeURIComponent(q)}${extra}`)).data.map((c) => c.fullName);

/** Every page of a search, followed by cursor: the names in order, and each page's total. */
async function allPages(query: string): Promise<{ names: string[]; totals: number[] }> {
  const seen: string[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const page: ContactPage = await search(`${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...page.data.map((c) => c.fullName));
    totals.push(page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return { names: seen, totals };
}

/** The server's name order: lower-cased, by code point. */
const byNameKey = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

const PEOPLE: [string, string | null][] = [
  ['Zoë Ng', null],
  ['Ada Zoller', null],
  ['Mary-Zoe Brown', null],
  ["Bo O'Zora", null],
  ['Ann Smith', 'ann.zoo@mail.test'],
  ['Zoltan Kiss', 'zk@mail.test'],
  ['Amazon Buyer', 'buyer@mail.test'],
  ['Liz Ozols', 'liz@zone.test'],
];
/** Who "zo" matches, by name: a first word, a later word (after a space, a hyphen, an apostrophe), an email word. */
const ZO = ['Ada Zoller', 'Ann Smith', "Bo O'Zora", 'Liz Ozols', 'Mary-Zoe Brown', 'Zoltan Kiss', 'Zoë Ng'];

async function seedPeople(account = acct, offset = 0): Promise<void> {
  for (const [index, [fullName, email]] of PEOPLE.entries()) {
    await api.createContact(account.secretKey, { fullName, phone: phone(offset + index), ...(email ? { email } : {}) });
  }
}

describe('short search (one or two characters)', () => {
  it('matches word starts in names and emails, in name order, with an exact total', async () => {
    await seedPeople();
    const page = await search('q=zo');
    // "Liz Ozols" matches through her email's "zone"; "Amazon Buyer" not: "zo" is inside a word.
    expect(page.data.map((c) => c.fullName)).toEqual(ZO);
    expect(page.total).toBe(ZO.length);
  });

  it('pages through every match once, the total the same on every page', async () => {
    await seedPeople();
    const paged = await allPages('q=zo');
    expect(paged.names).toEqual((await names('zo', '&limit=100')));
    expect(new Set(paged.names).size).toBe(paged.names.length);
    expect(new Set(paged.totals)).toEqual(new Set([paged.names.length]));
    const newestFirst = await allPages('q=zo&sort=-createdAt');
    expect([...newestFirst.names].sort()).toEqual([...paged.names].sort());
  });

  it('never counts or shows another account’s contacts', async () => {
    const other = await api.newAccount('Other');
    await seedPeople(other, 100);
    await seedPeople();
    const mine = await search('q=zo&limit=100');
    expect(mine.total).toBe(mine.data.length);
    const ids = new Set((await search('limit=100')).data.map((c) => c.id));
    expect(mine.data.every((c) => ids.has(c.id))).toBe(true);
    expect((await search('q=zo&limit=100', other)).total).toBe(mine.total);
  });

  it('does not match inside a word, and one letter matches every word it starts', async () => {
    await seedPeople();
    expect(await names('uy')).toEqual([]);
    expect(await names('ma', '&limit=100')).toEqual(['Amazon Buyer', 'Ann Smith', 'Mary-Zoe Brown', 'Zoltan Kiss']);
    expect(await names('z', '&limit=100')).toEqual(['Ada Zoller', 'Ann Smith', "Bo O'Zora", 'Liz Ozols', 'Mary-Zoe Brown', 'Zoltan Kiss', 'Zoë Ng']);
    expect(await names('ol')).toEqual([]);
  });

  it('takes the same word starts as the other backend: space, hyphen, apostrophe, dot, and @ _ + in emails', async () => {
    await api.createContact(acct.secretKey, { fullName: 'Smith,Zack', phone: phone(1) });
    await api.createContact(acct.secretKey, { fullName: 'Dr.Zed', phone: phone(2), email: 'x_zu+zy@zz.test' });
    expect(await names('za')).toEqual([]);
    expect(await names('ze')).toEqual(['Dr.Zed']);
    for (const q of ['zu', 'zy', 'zz']) expect(await names(q)).toEqual(['Dr.Zed']);
  });

  it('follows renames, new emails and deletes at once', async () => {
    await seedPeople();
    const zoltan = (await search('q=zoltan')).data[0]!;
    await api.json('PATCH', `/v1/contacts/${zoltan.id}`, acct.secretKey, { fullName: 'Karl Kiss', email: 'kk@mail.test' });
    expect(await names('zo', '&limit=100')).not.toContain('Karl Kiss');
    expect(await names('ka')).toEqual(['Karl Kiss']);
    const ada = (await search('q=zoller')).data[0]!;
    await api.call('DELETE', `/v1/contacts/${ada.id}`, acct.secretKey);
    const after = await search('q=zo&limit=100');
    expect(after.data.map((c) => c.fullName)).not.toContain('Ada Zoller');
    expect(after.total).toBe(after.data.length);
  });

  it('combines with the other filters', async () => {
    await seedPeople();
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const zoe = (await search('q=ng')).data[0]!;
    await api.json('PATCH', `/v1/contacts/${zoe.id}`, acct.secretKey, { listIds: [list.id] });
    expect(await names('zo', `&listId=${list.id}`)).toEqual(['Zoë Ng']);
    await api.json('POST', `/v1/contacts/${zoe.id}/opt-out`, acct.secretKey);
    expect(await names('zo', '&optedOut=true')).toEqual(['Zoë Ng']);
    expect((await search('q=zo&optedOut=false&limit=100')).total).toBe(ZO.length - 1);
  });

  it.skipIf(onPostgres)('counts imported contacts before they are indexed, and deleted ones not before the sweep', async () => {
    await seedPeople();
    const before = await search('q=zo&limit=100');
    const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, {
      rows: [
        { fullName: 'Zorro Imported', phone: phone(50) },
        { fullName: 'Kim Zou', phone: phone(51) },
        { fullName: 'Not Matching', phone: phone(52) },
      ],
    });
    // Commit straight through the store, so the background indexing has not run yet.
    api.sqlite.imports.beginCommit(acct.accountId, session.id);
    const steps = api.sqlite.imports.commitSteps(acct.accountId, session.id);
    for (let step = steps.next(); !step.done; step = steps.next());
    const unindexed = await search('q=zo&limit=100');
    expect(unindexed.data.map((c) => c.fullName)).toEqual([...before.data.map((c) => c.fullName), 'Kim Zou', 'Zorro Imported'].sort(byNameKey));
    expect(unindexed.total).toBe(before.total + 2);
    while (api.sqlite.contacts.sweepSearchIndex(1000) > 0);
    expect(await search('q=zo&limit=100')).toMatchObject({ total: unindexed.total });

    // Deleted, not yet swept out of the index (straight through the store, so no sweep is
    // scheduled): neither shown nor counted.
    const kim = (await search('q=zou')).data[0]!;
    api.sqlite.contacts.delete(acct.accountId, kim.id, undefined);
    expect(api.sqlite.db.prepare('SELECT count(*) AS n FROM search_garbage').get()).toEqual({ n: 1 });
    const unswept = await search('q=zo&limit=100');
    expect(unswept.total).toBe(unindexed.total - 1);
    expect(unswept.data.map((c) => c.fullName)).not.toContain('Kim Zou');
    while (api.sqlite.contacts.sweepSearchIndex(1000) > 0);
    expect(await search('q=zo&limit=100')).toEqual({ ...unswept, feedSeq: expect.any(Number) });
  });

  it.skipIf(onPostgres)('sweeps a contact deleted over the API out of the indexes soon after', async () => {
    await seedPeople();
    const garbage = (): unknown => api.sqlite.db.prepare('SELECT count(*) AS n FROM search_garbage').get();
    const ada = (await search('q=zoller')).data[0]!;
    expect((await api.call('DELETE', `/v1/contacts/${ada.id}`, acct.secretKey)).status).toBe(204);
    await expect.poll(garbage).toEqual({ n: 0 });
    const bulk = await api.json<{ id: string }>('POST', '/v1/contacts/bulk', acct.secretKey, { action: 'delete', ids: (await search('q=zo&limit=100')).data.map((c) => c.id) });
    expect(bulk.status).toBe(202);
    await api.services.jobs.idle();
    await expect.poll(garbage).toEqual({ n: 0 });
    expect(await search('q=zo')).toMatchObject({ total: 0, data: [] });
  });
});
