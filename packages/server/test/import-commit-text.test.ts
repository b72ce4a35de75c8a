// Names and emails come out of an import commit exactly as they went in, whatever characters
// they hold (the commit parses the staged rows' JSON in the database), and search finds them.
import { expect, it } from 'vitest';
import type { ContactPage, Import, Job } from '@contacts-manager/core/schema';
import { phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;

withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

const NAMES = [
  'Åsa Öström',
  'Zoë "Zo" Ngata',
  "Seán O'Brien",
  'Back\\Slash Person',
  '李雷 Li Lei',
  'Emoji 🎉 Party',
  '{"not": "json"} Braces',
  'Tab\tInside',
  'Ünïcödé Ñame',
];

it('keeps every character of the names and emails an import commits, and search finds them', async () => {
  const rows = NAMES.map((fullName, index) => ({ fullName, phone: phone(index + 1), email: index % 2 ? `user.${index}+tag@example.com` : undefined }));
  const created = await api.json<Import>('POST', '/v1/imports', acct.secretKey, {});
  expect((await api.json('PUT', `/v1/imports/${created.body.id}/chunks/0`, acct.secretKey, { rows: rows.slice(0, 5) })).status).toBe(200);
  expect((await api.json('PUT', `/v1/imports/${created.body.id}/chunks/1`, acct.secretKey, { rows: rows.slice(5) })).status).toBe(200);
  const commit = await api.json<Job>('POST', `/v1/imports/${created.body.id}/commit`, acct.secretKey);
  expect(commit.status).toBe(202);
  await api.services.jobs.idle();
  expect((await api.json<Import>('GET', `/v1/imports/${created.body.id}`, acct.secretKey)).body.counts).toMatchObject({ rows: NAMES.length, created: NAMES.length });

  const page = (await api.json<ContactPage>('GET', '/v1/contacts?limit=50', acct.secretKey)).body;
  const byPhone = new Map(page.data.map((contact) => [contact.phone, contact]));
  for (const row of rows) {
    expect(byPhone.get(row.phone)).toMatchObject({ fullName: row.fullName, email: row.email ?? null });
  }
  const search = async (q: string): Promise<string[]> =>
    (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((contact) => contact.fullName);
  expect(await search('öström')).toEqual(['Åsa Öström']);
  expect(await search("o'brien")).toEqual(["Seán O'Brien"]);
  expect(await search('李雷 li')).toEqual(['李雷 Li Lei']);
  expect(await search('🎉 par')).toEqual(['Emoji 🎉 Party']);
  expect(await search('"zo"')).toEqual(['Zoë "Zo" Ngata']);
  expect(await search('user.3+tag')).toEqual(['Back\\Slash Person']);
  expect(await search('k\\sla')).toEqual(['Back\\Slash Person']);
  expect(await search('{"not"')).toEqual(['{"not": "json"} Braces']);
});
