import { describe, expect, it } from 'vitest';
import type { Contact, ContactPage } from '@contacts-manager/core/schema';
import { phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

describe('creating contacts', () => {
  it('normalizes input, answers 201 with Location and ETag', async () => {
    const response = await api.call('POST', '/v1/contacts', acct.secretKey, { fullName: '  Ada Lovelace ', phone: '(415) 555-0101', email: ' Ada@Example.COM ' });
    expect(response.status).toBe(201);
    const contact = (await response.json()) as Contact;
    expect(contact).toMatchObject({ fullName: 'Ada Lovelace', phone: '+14155550101', email: 'ada@example.com', listIds: [], optedOut: false, optOut: null, version: 1 });
    expect(contact.consent).toEqual({ status: 'not_sent', updatedAt: null });
    expect(contact.id).toMatch(/^ct_[0-9A-Z]{26}$/);
    expect(response.headers.get('Location')).toBe(`/v1/contacts/${contact.id}`);
    expect(response.headers.get('ETag')).toBe('"1"');
  });

  it('uses the account default country for national numbers', async () => {
    const uk = await api.newAccount('Brit', 'GB');
    const contact = await api.createContact(uk.secretKey, { fullName: 'Tom', phone: '07400 123456' });
    expect(contact.phone).toBe('+447400123456');
  });

  it('rejects an invalid phone with 422 invalid_phone', async () => {
    const { status, body } = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'X', phone: '12345' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'invalid_phone', status: 422, errors: [{ path: 'phone', code: 'invalid_phone' }] });
  });

  it('reports schema failures as 422 validation_failed with field paths', async () => {
    const response = await api.call('POST', '/v1/contacts', acct.secretKey, { fullName: '   ', phone: '', email: 'nope' });
    expect(response.status).toBe(422);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    const body = (await response.json()) as { code: string; errors: { path: string }[]; type: string; title: string; detail: string };
    expect(body.code).toBe('validation_failed');
    expect([...new Set(body.errors.map((error) => error.path))].sort()).toEqual(['email', 'fullName', 'phone']);
    expect(body).toMatchObject({ type: '/problems/validation_failed', title: 'Unprocessable Content', status: 422 });
    expect(body.detail).toMatch(/\w/);
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const { status, body } = await api.json('POST', '/v1/contacts', acct.secretKey, '{"fullName": ');
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_json');
  });

  it('refuses a second contact with the same number: 409 duplicate_phone naming the holder', async () => {
    const first = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const { status, body } = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'B', phone: '415-555-0101' });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'duplicate_phone', contactId: first.id });
  });

  it('accepts list ids of the account and 404s unknown ones', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'VIP' })).body;
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), listIds: [list.id] });
    expect(contact.listIds).toEqual([list.id]);
    const { status } = await api.json('POST', '/v1/contacts', acct.secretKey, { fullName: 'B', phone: phone(2), listIds: ['ls_00000000000000000000000000'] });
    expect(status).toBe(404);
  });
});

describe('reading and updating', () => {
  it('GET carries the ETag and honours If-None-Match', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const response = await api.call('GET', `/v1/contacts/${contact.id}`, acct.secretKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('ETag')).toBe('"1"');
    expect((await api.call('GET', `/v1/contacts/${contact.id}`, acct.secretKey, undefined, { 'If-None-Match': '"1"' })).status).toBe(304);
  });

  it('PATCH merges fields, bumps the version, clears email with null', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), email: 'a@x.io' });
    const response = await api.call('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'Alice', email: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('ETag')).toBe('"2"');
    expect(await response.json()).toMatchObject({ fullName: 'Alice', email: null, phone: phone(1), version: 2 });
  });

  it('a PATCH that changes nothing keeps the version', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const { body } = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'A' });
    expect(body.version).toBe(1);
  });

  it('two writers: the second with a stale If-Match gets 412 with the current contact, and nothing is lost', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const first = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'First' }, { 'If-Match': '"1"' });
    expect(first.status).toBe(200);
    const second = await api.json<{ code: string; current: Contact }>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: 'Second' }, { 'If-Match': '"1"' });
    expect(second.status).toBe(412);
    expect(second.body.code).toBe('precondition_failed');
    expect(second.body.current).toMatchObject({ fullName: 'First', version: 2 });
    expect((await api.json<Contact>('GET', `/v1/contacts/${contact.id}`, acct.secretKey)).body.fullName).toBe('First');
  });

  it('DELETE honours If-Match too, then the contact is gone', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    expect((await api.call('DELETE', `/v1/contacts/${contact.id}`, acct.secretKey, undefined, { 'If-Match': '"7"' })).status).toBe(412);
    expect((await api.call('DELETE', `/v1/contacts/${contact.id}`, acct.secretKey, undefined, { 'If-Match': '"1"' })).status).toBe(204);
    expect((await api.json('GET', `/v1/contacts/${contact.id}`, acct.secretKey)).body.code).toBe('not_found');
  });

  it('changing the phone to one in use is 409 duplicate_phone', async () => {
    const a = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const b = await api.createContact(acct.secretKey, { fullName: 'B', phone: phone(2) });
    const { status, body } = await api.json('PATCH', `/v1/contacts/${b.id}`, acct.secretKey, { phone: phone(1) });
    expect(status).toBe(409);
    expect(body.contactId).toBe(a.id);
  });

  it('rejects unknown PATCH fields with 422', async () => {
    const a = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    expect((await api.json('PATCH', `/v1/contacts/${a.id}`, acct.secretKey, { version: 9 })).status).toBe(422);
  });
});

describe('listing', () => {
  async function seed(names: string[]): Promise<Contact[]> {
    const created: Contact[] = [];
    for (const [index, fullName] of names.entries()) {
      created.push(await api.createContact(acct.secretKey, { fullName, phone: phone(index), email: `${fullName.split(' ')[0]!.toLowerCase()}@mail.test` }));
    }
    return created;
  }

  it('sorts by name case-insensitively by default, with an exact total', async () => {
    await seed(['bob', 'Alice', 'carol', 'Dave']);
    const { body } = await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey);
    expect(body.data.map((contact) => contact.fullName)).toEqual(['Alice', 'bob', 'carol', 'Dave']);
    expect(body.total).toBe(4);
    expect(body.nextCursor).toBeNull();
  });

  it('searches name, email and phone digits case-insensitively', async () => {
    await seed(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const byName = await api.json<ContactPage>('GET', '/v1/contacts?q=LOVE', acct.secretKey);
    expect(byName.body.data.map((c) => c.fullName)).toEqual(['Ada Lovelace']);
    const byEmail = await api.json<ContactPage>('GET', '/v1/contacts?q=grace%40mail', acct.secretKey);
    expect(byEmail.body.data.map((c) => c.fullName)).toEqual(['Grace Hopper']);
    const byDigits = await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent('555-0102')}`, acct.secretKey);
    expect(byDigits.body.data.map((c) => c.fullName)).toEqual(['Alan Turing']);
    expect(byDigits.body.total).toBe(1);
    const lettersAndDigit = await api.json<ContactPage>('GET', '/v1/contacts?q=ada1', acct.secretKey);
    expect(lettersAndDigit.body.total).toBe(0);
    // One or two characters: the start of any word of the name or email, or of the national digits.
    const short = async (q: string): Promise<string[]> =>
      (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await short('AL')).toEqual(['Alan Turing']);
    expect(await short('tu')).toEqual(['Alan Turing']);
    expect(await short('h')).toEqual(['Grace Hopper']);
    expect(await short('ov')).toEqual([]);
    expect(await short('m')).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(await short('41')).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(await short('55')).toEqual([]);
    expect(await short('+1')).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(await short('+4')).toEqual([]);
  });

  it('finds one or two characters after any word separator, and reads regex characters literally', async () => {
    await seed(["Mary-Jo O'Neil", 'Dot.Com Smith']);
    const short = async (q: string): Promise<string[]> =>
      (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await short('jo')).toEqual(["Mary-Jo O'Neil"]);
    expect(await short('ne')).toEqual(["Mary-Jo O'Neil"]);
    expect(await short('co')).toEqual(['Dot.Com Smith']);
    expect(await short('s')).toEqual(['Dot.Com Smith']);
    expect(await short('.c')).toEqual([]);
    expect(await short('o.')).toEqual([]);
    expect(await short('(')).toEqual([]);
    expect(await short('[a')).toEqual([]);
  });

  it('search follows renames, new emails and deletes', async () => {
    const [ada] = await seed(['Ada Lovelace', 'Grace Hopper']);
    await api.json('PATCH', `/v1/contacts/${ada!.id}`, acct.secretKey, { fullName: 'Augusta King', email: 'countess@analytical.engine' });
    const names = async (q: string): Promise<string[]> =>
      (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await names('lovelace')).toEqual([]);
    expect(await names('augusta')).toEqual(['Augusta King']);
    expect(await names('analytical')).toEqual(['Augusta King']);
    await api.call('DELETE', `/v1/contacts/${ada!.id}`, acct.secretKey);
    expect(await names('augusta')).toEqual([]);
    expect(await names('hopper')).toEqual(['Grace Hopper']);
  });

  it('search stays exact when the newest contact is deleted and its row number comes back', async () => {
    const gone = await api.createContact(acct.secretKey, { fullName: 'Vanishing Name', phone: phone(1) });
    await api.call('DELETE', `/v1/contacts/${gone.id}`, acct.secretKey);
    await api.createContact(acct.secretKey, { fullName: 'Fresh Person', phone: phone(2) });
    const names = async (q: string): Promise<string[]> =>
      (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await names('vanishing')).toEqual([]);
    expect(await names('fresh')).toEqual(['Fresh Person']);
  });

  it('filters by list, opted-out, email and phone', async () => {
    const [ada, grace] = await seed(['Ada', 'Grace', 'Alan']);
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'L' })).body;
    await api.json('PATCH', `/v1/contacts/${ada!.id}`, acct.secretKey, { listIds: [list.id] });
    await api.json('POST', `/v1/contacts/${grace!.id}/opt-out`, acct.secretKey);
    const ids = async (query: string): Promise<string[]> => (await api.json<ContactPage>('GET', `/v1/contacts?${query}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await ids(`listId=${list.id}`)).toEqual(['Ada']);
    expect(await ids('optedOut=true')).toEqual(['Grace']);
    expect(await ids('optedOut=false')).toEqual(['Ada', 'Alan']);
    expect(await ids('email=GRACE%40mail.test')).toEqual(['Grace']);
    expect(await ids(`phone=${encodeURIComponent('(415) 555-0100')}`)).toEqual(['Ada']);
  });

  it('sorts by -createdAt and -updatedAt', async () => {
    const [a] = await seed(['A', 'B', 'C']);
    const newest = await api.json<ContactPage>('GET', '/v1/contacts?sort=-createdAt', acct.secretKey);
    expect(newest.body.data.map((c) => c.fullName)).toEqual(['C', 'B', 'A']);
    // The edit must come in a later millisecond than the creations to sort first: wait for the clock, not a fixed time.
    const lastCreated = Date.parse(newest.body.data[0]!.createdAt);
    while (Date.now() <= lastCreated) await new Promise((resolve) => setImmediate(resolve));
    await api.json('PATCH', `/v1/contacts/${a!.id}`, acct.secretKey, { fullName: 'A2' });
    const touched = await api.json<ContactPage>('GET', '/v1/contacts?sort=-updatedAt', acct.secretKey);
    expect(touched.body.data[0]!.id).toBe(a!.id);
    expect(touched.body.data.map((c) => c.fullName)).toEqual(['A2', 'C', 'B']);
  });

  it('pages with cursors that neither skip nor repeat while contacts are inserted', async () => {
    await seed(Array.from({ length: 25 }, (_, i) => `Person ${String(i).padStart(2, '0')}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const query: string = cursor ? `limit=7&cursor=${encodeURIComponent(cursor)}` : 'limit=7';
      const page: { body: ContactPage } = await api.json<ContactPage>('GET', `/v1/contacts?${query}`, acct.secretKey);
      seen.push(...page.body.data.map((c) => c.fullName));
      // Concurrent inserts on both sides of the cursor.
      await api.createContact(acct.secretKey, { fullName: `Aaron ${inserted}`, phone: phone(100 + inserted) });
      await api.createContact(acct.secretKey, { fullName: `Zed ${inserted}`, phone: phone(200 + inserted) });
      inserted += 1;
      cursor = page.body.nextCursor;
    } while (cursor);
    const originals = seen.filter((name) => name.startsWith('Person'));
    expect(originals).toEqual(Array.from({ length: 25 }, (_, i) => `Person ${String(i).padStart(2, '0')}`));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('caps limit at 200 and rejects a bad cursor', async () => {
    expect((await api.json('GET', '/v1/contacts?limit=201', acct.secretKey)).status).toBe(422);
    expect((await api.json('GET', '/v1/contacts?cursor=garbage', acct.secretKey)).status).toBe(422);
    expect((await api.json('GET', '/v1/contacts?sort=phone', acct.secretKey)).status).toBe(422);
  });
});
