// Exports larger than one read of the store: the whole account is read 1,000 contacts at a
// time, a search or filter 200 at a time, and list names 200 lists at a time. Every contact
// must come out exactly once, in name order, with its lists. (Written against the survivors
// of the mutation run on the export.)
import { describe, expect, it } from 'vitest';
import type { Import, Job } from '@contacts-manager/core/schema';
import { type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

/** Distinct valid US numbers: +1 212 2xx xxxx. */
const number = (n: number): string => `+12122${String(n).padStart(6, '0')}`;
/** Names whose order is their number's order. */
const nameOf = (n: number): string => `Person ${String(n).padStart(5, '0')}`;

/** Imports contacts 0 … count-1 (every `optOutEvery`-th one opted out) through the import API. */
async function importPeople(count: number, options: { listId?: string; optOutEvery?: number; first?: number } = {}): Promise<void> {
  const { listId, optOutEvery = 0, first = 0 } = options;
  const created = await api.json<Import>('POST', '/v1/imports', acct.secretKey, listId ? { listId } : {});
  for (let start = first, index = 0; start < first + count; start += 1000, index++) {
    const rows = [];
    for (let n = start; n < Math.min(start + 1000, first + count); n++) {
      rows.push({ fullName: nameOf(n), phone: number(n), ...(optOutEvery > 0 && n % optOutEvery === 0 ? { optedOut: true } : {}) });
    }
    expect((await api.json('PUT', `/v1/imports/${created.body.id}/chunks/${index}`, acct.secretKey, { rows })).status).toBe(200);
  }
  const commit = await api.json<Job>('POST', `/v1/imports/${created.body.id}/commit`, acct.secretKey);
  expect(commit.status).toBe(202);
  await api.services.jobs.idle();
  expect((await api.json<Import>('GET', `/v1/imports/${created.body.id}`, acct.secretKey)).body.status).toBe('completed');
}

/** The export's data rows (header checked and dropped); no cell here needs quoting. */
async function exportRows(query = ''): Promise<string[][]> {
  const response = await api.call('GET', `/v1/contacts/export${query}`, acct.secretKey);
  expect(response.status).toBe(200);
  const lines = (await response.text()).split('\r\n');
  expect(lines[0]).toBe('Full Name,Phone,Email,Lists,Opted Out');
  expect(lines.at(-1)).toBe('');
  return lines.slice(1, -1).map((line) => line.split(','));
}

describe('CSV export, more than one batch', () => {
  it('the whole account: 2,345 contacts, each once, in name order, opt-outs marked', async () => {
    await importPeople(2345, { optOutEvery: 7 });
    const rows = await exportRows();
    expect(rows).toHaveLength(2345);
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 2345 }, (_, n) => nameOf(n)));
    expect(rows.map((row) => row[1])).toEqual(Array.from({ length: 2345 }, (_, n) => number(n)));
    expect(rows.filter((row) => row[4] === 'yes').map((row) => row[1])).toEqual(
      Array.from({ length: 2345 }, (_, n) => n).filter((n) => n % 7 === 0).map(number),
    );
  });

  it('exactly one batch (1,000 contacts) ends without a repeated or empty batch', async () => {
    await importPeople(1000);
    const rows = await exportRows();
    expect(rows.map((row) => row[1])).toEqual(Array.from({ length: 1000 }, (_, n) => number(n)));
  });

  it('one list of a larger account: only its 1,200 members, across batches', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'Club' })).body;
    await importPeople(1200, { listId: list.id });
    await importPeople(300, { first: 5000 });
    const rows = await exportRows(`?listId=${list.id}`);
    expect(rows.map((row) => row[1])).toEqual(Array.from({ length: 1200 }, (_, n) => number(n)));
    expect(new Set(rows.map((row) => row[3]))).toEqual(new Set(['Club']));
  });

  it('a search and the opted-out filter page through every match (more than 200)', async () => {
    await importPeople(650, { optOutEvery: 3 });
    const optedOut = await exportRows('?optedOut=true');
    const expected = Array.from({ length: 650 }, (_, n) => n).filter((n) => n % 3 === 0);
    expect(optedOut.map((row) => row[1])).toEqual(expected.map(number));
    expect(new Set(optedOut.map((row) => row[4]))).toEqual(new Set(['yes']));
    const searched = await exportRows('?q=person');
    expect(searched.map((row) => row[0])).toEqual(Array.from({ length: 650 }, (_, n) => nameOf(n)));
  });

  it('a filtered export names every list, even with more than 200 lists in the account', async () => {
    const lists: { id: string; name: string }[] = [];
    for (let n = 0; n < 205; n++) {
      const name = `L${String(n).padStart(3, '0')}`;
      lists.push({ name, id: (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name })).body.id });
    }
    // The last lists by name sit past the first page of lists.
    const member = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: number(1), listIds: [lists[0]!.id, lists[204]!.id, lists[203]!.id] });
    const rows = await exportRows(`?ids=${member.id}`);
    expect(rows).toEqual([['Ada', number(1), '', '"L000; L203; L204"', 'no']]);
  });
  it('every kind of export names lists in name order, whatever order they were made in', async () => {
    const ids: string[] = [];
    for (const name of ['Zulu', 'alpha', 'Mike']) ids.push((await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name })).body.id);
    const member = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: number(1), listIds: ids });
    for (const query of ['', `?ids=${member.id}`, '?q=ada', '?optedOut=false']) {
      expect(await exportRows(query), query).toEqual([['Ada', number(1), '', '"alpha; Mike; Zulu"', 'no']]);
    }
  });
  it('a selection leaves out ids of other accounts and ids that do not exist, keeping the order asked for', async () => {
    const other = await api.newAccount('Other');
    const theirs = await api.createContact(other.secretKey, { fullName: 'Theirs', phone: number(9) });
    const ada = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: number(1) });
    const bob = await api.createContact(acct.secretKey, { fullName: 'Bob', phone: number(2) });
    const rows = await exportRows(`?ids=${bob.id},${theirs.id},ct_0000000000000000000000000,${ada.id}`);
    expect(rows.map((row) => row[0])).toEqual(['Bob', 'Ada']);
  });
});
