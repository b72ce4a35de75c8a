import { describe, expect, it } from 'vitest';
import { csvCell } from '../src/routes/contacts-export.js';
import { phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }
  return rows;
}

/** What the importer does: a leading ' before a formula character is removed. */
const unescape = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe('CSV export', () => {
  it('streams every contact with names of lists and yes/no, escaping formulas', async () => {
    const vip = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const news = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'News, daily' })).body;
    const tricky = ['=HYPERLINK("http://x","y")', '+SUM(A1)', '-2+3', '@cmd', 'Quote "me", please'];
    for (const [index, fullName] of tricky.entries()) {
      await api.createContact(acct.secretKey, { fullName, phone: phone(index), listIds: index === 0 ? [vip.id, news.id] : [] });
    }
    const plain = await api.createContact(acct.secretKey, { fullName: 'Zoë Plain', phone: phone(9), email: 'zoe@x.io' });
    await api.json('POST', `/v1/contacts/${plain.id}/opt-out`, acct.secretKey);

    const response = await api.call('GET', '/v1/contacts/export', acct.secretKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const text = await response.text();
    expect(text.startsWith('Full Name,Phone,Email,Lists,Opted Out\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['Full Name', 'Phone', 'Email', 'Lists', 'Opted Out']);
    const byPhone = new Map(rows.slice(1).map((row) => [row[1], row]));
    expect(byPhone.get(phone(0))).toEqual([`'=HYPERLINK("http://x","y")`, phone(0), '', 'News, daily; VIP', 'no']);
    expect(byPhone.get(phone(1))?.[0]).toBe(`'+SUM(A1)`);
    expect(byPhone.get(phone(9))).toEqual(['Zoë Plain', phone(9), 'zoe@x.io', '', 'yes']);
    // Bare E.164 phones are left as they are; nothing else starts with a formula character.
    for (const row of rows.slice(1)) {
      expect(row[1]).toMatch(/^\+\d+$/);
      for (const cell of [row[0]!, row[2]!, row[3]!]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    // Round trip: un-escaping gives back exactly what was stored.
    expect(rows.slice(1).map((row) => unescape(row[0]!)).sort()).toEqual([...tricky, 'Zoë Plain'].sort());
  });

  it('filters by list', async () => {
    const vip = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    await api.createContact(acct.secretKey, { fullName: 'In', phone: phone(1), listIds: [vip.id] });
    await api.createContact(acct.secretKey, { fullName: 'Out', phone: phone(2) });
    const rows = parseCsv(await (await api.call('GET', `/v1/contacts/export?listId=${vip.id}`, acct.secretKey)).text());
    expect(rows.slice(1).map((row) => row[0])).toEqual(['In']);
  });

  it('exports a search, the opted-out filter or a selection of ids, with list names', async () => {
    const vip = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const ada = await api.createContact(acct.secretKey, { fullName: 'Ada Lovelace', phone: phone(1), listIds: [vip.id] });
    const bob = await api.createContact(acct.secretKey, { fullName: 'Bob Stone', phone: phone(2) });
    await api.createContact(acct.secretKey, { fullName: 'Cy Young', phone: phone(3) });
    await api.call('POST', `/v1/contacts/${bob.id}/opt-out`, acct.secretKey);
    const names = async (query: string): Promise<string[]> => {
      const response = await api.call('GET', `/v1/contacts/export?${query}`, acct.secretKey);
      expect(response.status, query).toBe(200);
      return parseCsv(await response.text()).slice(1).map((row) => row.join('|'));
    };
    expect(await names('q=lovelace')).toEqual([`Ada Lovelace|${phone(1)}||VIP|no`]);
    expect(await names('optedOut=true')).toEqual([`Bob Stone|${phone(2)}|||yes`]);
    expect(await names('optedOut=false&q=o')).toEqual([]);
    expect(await names(`ids=${bob.id},${ada.id}`)).toEqual([`Bob Stone|${phone(2)}|||yes`, `Ada Lovelace|${phone(1)}||VIP|no`]);
    expect((await api.call('GET', '/v1/contacts/export?ids=nope', acct.secretKey)).status).toBe(422);
  });

  it('escapes tab and carriage-return starts and keeps +digits phones', () => {
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('+14155550101')).toBe('+14155550101');
    expect(csvCell('+1 415')).toBe(`'+1 415`);
  });

  it('quotes every cell holding a separator, so no spreadsheet splits a formula out of it (OWASP)', () => {
    expect(csvCell('a;=1+1')).toBe('"a;=1+1"');
    expect(csvCell('a,=1+1')).toBe('"a,=1+1"');
    expect(csvCell('a\t=1+1')).toBe('"a\t=1+1"');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it("escapes a value that already starts with a quote before a formula character, so one ' off gives it back", () => {
    expect(csvCell("'=1+1")).toBe("''=1+1");
    expect(csvCell("''@x")).toBe("'''@x");
    expect(csvCell("'plain")).toBe("'plain");
  });
});
