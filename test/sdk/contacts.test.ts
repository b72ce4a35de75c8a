import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  OptOutLockedError,
  PreconditionFailedError,
  ValidationError,
  type Contact,
} from '@contacts-manager/core';
import { readText, startTestServer, type TestAccount, type TestServer } from './test-server.js';

let server: TestServer;
let acme: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  acme = await server.newAccount('Acme');
});
afterAll(() => server.close());

describe('contacts', () => {
  let ada: Contact;

  it('creates a contact, normalizing the phone to E.164 and the email to lower case', async () => {
    ada = await acme.client.contacts.create({ fullName: '  Ada Lovelace ', phone: '(202) 555-0101', email: 'Ada@Example.COM' });
    expect(ada).toMatchObject({ fullName: 'Ada Lovelace', phone: '+12025550101', email: 'ada@example.com', optedOut: false, version: 1 });
    expect(ada.id).toMatch(/^ct_/);
  });

  it('gets it by id, and lists and searches with an exact total', async () => {
    expect(await acme.client.contacts.get(ada.id)).toEqual(ada);
    await acme.client.contacts.create({ fullName: 'Bob Brown', phone: '+12025550102' });
    await acme.client.contacts.create({ fullName: 'Cleo Clark', phone: '+12025550103' });
    const all = await acme.client.contacts.list();
    expect(all.total).toBe(3);
    expect(all.data.map((c) => c.fullName)).toEqual(['Ada Lovelace', 'Bob Brown', 'Cleo Clark']);
    const search = await acme.client.contacts.list({ q: 'bro' });
    expect(search.data.map((c) => c.fullName)).toEqual(['Bob Brown']);
    expect(search.total).toBe(1);
    const newest = await acme.client.contacts.list({ sort: '-createdAt', limit: 1 });
    expect(newest.data[0]?.fullName).toBe('Cleo Clark');
    expect(newest.nextCursor).not.toBeNull();
  });

  it('iterates over every page', async () => {
    const names: string[] = [];
    for await (const contact of acme.client.contacts.iterate({ limit: 1 })) names.push(contact.fullName);
    expect(names).toEqual(['Ada Lovelace', 'Bob Brown', 'Cleo Clark']);
  });

  it('updates with If-Match, and reports a stale version with the current contact', async () => {
    const updated = await acme.client.contacts.update(ada.id, { fullName: 'Ada King' }, { ifMatch: ada.version });
    expect(updated).toMatchObject({ fullName: 'Ada King', version: 2 });
    const error = await acme.client.contacts.update(ada.id, { fullName: 'Stale' }, { ifMatch: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error).toMatchObject({ status: 412, code: 'precondition_failed' });
    expect((error as PreconditionFailedError).current).toEqual(updated);
    ada = updated;
  });

  it('refuses a duplicate phone with the holder’s id', async () => {
    const error = await acme.client.contacts.create({ fullName: 'Copy', phone: '202-555-0101' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'duplicate_phone', contactId: ada.id });
  });

  it('replays a POST with the same idempotency key instead of creating twice', async () => {
    const input = { fullName: 'Once Only', phone: '+12025550150' };
    const first = await acme.client.contacts.create(input, { idempotencyKey: 'create-once-only' });
    const replay = await acme.client.contacts.create(input, { idempotencyKey: 'create-once-only' });
    expect(replay).toEqual(first);
    expect((await acme.client.contacts.list({ q: 'Once Only' })).total).toBe(1);
    const reused = await acme.client.contacts
      .create({ ...input, fullName: 'Someone else' }, { idempotencyKey: 'create-once-only' })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ValidationError);
    expect(reused).toMatchObject({ status: 422, code: 'idempotency_conflict' });
    await acme.client.contacts.delete(first.id);
  });

  it('reports invalid fields with their paths', async () => {
    const error = await acme.client.contacts.create({ fullName: '', phone: '12' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(expect.arrayContaining(['fullName']));
  });

  it('records the consent message', async () => {
    const sent = await acme.client.contacts.sendConsentMessage(ada.id);
    expect(sent.consent.status).toBe('sent');
  });

  it('opts out permanently: un-ticking and consent messages are refused', async () => {
    const optedOut = await acme.client.contacts.optOut(ada.id);
    expect(optedOut.optedOut).toBe(true);
    expect(optedOut.optOut?.source).toBe('manual');
    await expect(acme.client.contacts.update(ada.id, { optedOut: false })).rejects.toBeInstanceOf(OptOutLockedError);
    const error = await acme.client.contacts.sendConsentMessage(ada.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptOutLockedError);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as OptOutLockedError).code).toBe('opt_out_locked');
  });

  it('exports CSV as a stream', async () => {
    const csv = await readText(await acme.client.contacts.export());
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('Full Name,Phone,Email,Lists,Opted Out');
    expect(lines).toContain('Ada King,+12025550101,ada@example.com,,yes');
    expect(lines).toHaveLength(4);
  });

  it('deletes one contact; a second delete is NotFoundError', async () => {
    const bob = (await acme.client.contacts.list({ q: 'Bob' })).data[0]!;
    await acme.client.contacts.delete(bob.id);
    const error = await acme.client.contacts.get(bob.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    await expect(acme.client.contacts.delete(bob.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('hides another account’s contacts behind 404', async () => {
    const other = await server.newAccount('Other');
    await expect(other.client.contacts.get(ada.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.client.contacts.update(ada.id, { fullName: 'X' })).rejects.toBeInstanceOf(NotFoundError);
    expect((await other.client.contacts.list()).total).toBe(0);
  });

  it('deletes all with a job whose progress can be followed; the register survives', async () => {
    for (let i = 0; i < 5; i++) await acme.client.contacts.create({ fullName: `Bulk ${i}`, phone: `+1202555020${i}` });
    const job = await acme.client.contacts.deleteAll();
    expect(job.kind).toBe('delete_all');
    const seen: string[] = [];
    const done = await acme.client.jobs.wait(job, { intervalMs: 20, onProgress: (j) => seen.push(j.status) });
    expect(done.status).toBe('succeeded');
    expect(seen.at(-1)).toBe('succeeded');
    expect(await acme.client.jobs.get(job.id)).toMatchObject({ id: job.id, status: 'succeeded' });
    expect((await acme.client.contacts.list()).total).toBe(0);
    // Re-creating the opted-out number: it arrives opted out.
    const back = await acme.client.contacts.create({ fullName: 'Ada again', phone: '+12025550101' });
    expect(back.optedOut).toBe(true);
  });

  it('follows every change through the feed', async () => {
    const feed = await acme.client.changes.list({ after: 0, limit: 1000 });
    expect(feed.data.some((change) => change.op === 'delete')).toBe(true);
    expect(feed.data.some((change) => change.op === 'upsert' && change.contact.fullName === 'Ada again')).toBe(true);
    const later = await acme.client.changes.list({ after: feed.nextAfter });
    expect(later).toEqual({ data: [], nextAfter: feed.nextAfter, hasMore: false });
  });
});
