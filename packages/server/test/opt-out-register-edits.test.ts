// The opt-out register and contact edits, as a client sees them over the API: what changes a
// contact's version and feed, what never leaves the register. (Written against the survivors of
// the mutation run on the register and the contact update.)
import { describe, expect, it } from 'vitest';
import type { ChangesPage, Contact } from '@contacts-manager/core/schema';
import { phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

const text = (from: string, body: string) => api.json('POST', '/v1/inbound-messages', acct.secretKey, { from, body });
const get = async (id: string): Promise<Contact> => (await api.json<Contact>('GET', `/v1/contacts/${id}`, acct.secretKey)).body;
const patch = (id: string, body: Record<string, unknown>) => api.json<Contact>('PATCH', `/v1/contacts/${id}`, acct.secretKey, body);
const feedHead = async (): Promise<number> => (await api.json<ChangesPage>('GET', '/v1/changes?limit=1000', acct.secretKey)).body.nextAfter;

describe('the register, through texts', () => {
  it('a second STOP changes nothing: same version, no new change', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await text(phone(1), 'STOP');
    const stopped = await get(contact.id);
    expect(stopped).toMatchObject({ optedOut: true, version: 2, optOut: { source: 'keyword', keyword: 'STOP' } });
    const head = await feedHead();
    await text(phone(1), 'UNSUBSCRIBE');
    // The first opt-out is the record: its keyword stays.
    expect(await get(contact.id)).toEqual(stopped);
    expect(await feedHead()).toBe(head);
  });

  it('START for a number not in the register changes nothing; after a STOP it opts in with a new version', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const head = await feedHead();
    await text(phone(1), 'START');
    expect(await get(contact.id)).toEqual(contact);
    expect(await feedHead()).toBe(head);
    await text(phone(1), 'STOP');
    await text(phone(1), 'START');
    expect(await get(contact.id)).toMatchObject({ optedOut: false, optOut: null, version: 3 });
  });
});

describe('contact edits and the register', () => {
  it('PATCH optedOut false on a contact that is not opted out is no change, not 409', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const same = await patch(contact.id, { optedOut: false });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(contact);
  });

  it('PATCH optedOut true on an opted-out contact keeps the first record and the version', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await text(phone(1), 'STOP');
    const stopped = await get(contact.id);
    const again = await patch(contact.id, { optedOut: true });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(stopped);
  });

  it('a PATCH with the values already there is no change: same version, nothing on the feed', async () => {
    const lists = await Promise.all(
      ['One', 'Two'].map(async (name) => (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name })).body.id),
    );
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), email: 'a@example.com', listIds: lists });
    const head = await feedHead();
    const same = await patch(contact.id, { fullName: 'A', phone: phone(1), email: 'a@example.com', listIds: [lists[1], lists[0], lists[1]] });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(contact);
    expect(await feedHead()).toBe(head);
  });

  it('each real change is a new version on the feed: name, email cleared, a list dropped, a new number', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'One' })).body.id;
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), email: 'a@example.com', listIds: [list] });
    const head = await feedHead();
    expect((await patch(contact.id, { fullName: 'B' })).body).toMatchObject({ fullName: 'B', email: 'a@example.com', version: 2 });
    expect((await patch(contact.id, { email: null })).body).toMatchObject({ fullName: 'B', email: null, version: 3 });
    expect((await patch(contact.id, { listIds: [] })).body).toMatchObject({ listIds: [], version: 4 });
    expect((await patch(contact.id, { phone: phone(2) })).body).toMatchObject({ phone: phone(2), optedOut: false, version: 5 });
    expect((await patch(contact.id, { optedOut: true })).body).toMatchObject({ optedOut: true, optOut: { source: 'manual' }, version: 6 });
    const feed = (await api.json<ChangesPage>(`GET`, `/v1/changes?after=${head}`, acct.secretKey)).body;
    // The feed keeps each contact's latest change.
    expect(feed.data).toHaveLength(1);
    expect(feed.data[0]).toMatchObject({ op: 'upsert', contact: { id: contact.id, version: 6 } });
  });

  it('a new number for an opted-out contact is opted out too, with the same source and keyword; the old one stays', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await text(phone(1), 'STOP');
    const moved = await patch(contact.id, { phone: phone(2) });
    expect(moved.body).toMatchObject({ phone: phone(2), optedOut: true, optOut: { source: 'keyword', keyword: 'STOP' }, version: 3 });
    // The old number is still in the register: a contact created with it arrives opted out.
    const old = await api.createContact(acct.secretKey, { fullName: 'Old number', phone: phone(1) });
    expect(old.optOut).toMatchObject({ source: 'keyword', keyword: 'STOP' });
    // And a number that was never opted out, given to a contact that is not, stays free.
    const free = await api.createContact(acct.secretKey, { fullName: 'Free', phone: phone(3) });
    expect((await patch(free.id, { phone: phone(4) })).body).toMatchObject({ optedOut: false, optOut: null });
  });

  it('a new number and opted out in one PATCH: the new number is in the register, as a manual opt-out', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const changed = await patch(contact.id, { phone: phone(2), optedOut: true });
    expect(changed.body).toMatchObject({ phone: phone(2), optedOut: true, optOut: { source: 'manual' }, version: 2 });
    expect((await api.createContact(acct.secretKey, { fullName: 'Old', phone: phone(1) })).optedOut).toBe(false);
  });

  it('opting out locks: optedOut false on an opted-out contact is 409 and changes nothing else in that PATCH', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await text(phone(1), 'STOP');
    const before = await get(contact.id);
    const refused = await patch(contact.id, { fullName: 'Renamed', optedOut: false });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'opt_out_locked', errors: [{ path: 'optedOut', code: 'opt_out_locked' }] });
    // The message says who can undo it, and how.
    const problem = refused.body as unknown as { detail: string; errors: { message: string }[] };
    expect(problem.detail).toMatch(/Only the contact can opt back in, by texting START/);
    expect(problem.errors[0]!.message).toMatch(/cannot be undone/);
    expect(await get(contact.id)).toEqual(before);
  });
  it('swapping one list for another of the same count is a change: the lists become exactly those asked for', async () => {
    const [one, two, three] = await Promise.all(['One', 'Two', 'Three'].map(async (name) => (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name })).body.id));
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), listIds: [one!, two!] });
    const swapped = await patch(contact.id, { listIds: [one!, three!] });
    expect(swapped.body.listIds).toEqual([one!, three!].sort());
    expect(swapped.body.version).toBe(2);
    expect((await get(contact.id)).listIds).toEqual([one!, three!].sort());
  });
});
