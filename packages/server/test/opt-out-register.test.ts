import { describe, expect, it } from 'vitest';
import type { Contact, ContactPage, Job } from '@contacts-manager/core/schema';
import { phone, type TestAccount, type TestApi, withAppPerTest } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
withAppPerTest((app, account) => {
  api = app;
  acct = account;
});

const text = (from: string, body: string) => api.json<{ action: string; keyword: string | null; contactIds: string[] }>('POST', '/v1/inbound-messages', acct.secretKey, { from, body });
const get = async (id: string): Promise<Contact> => (await api.json<Contact>('GET', `/v1/contacts/${id}`, acct.secretKey)).body;

async function importRows(rows: { fullName: string; phone: string }[]): Promise<Job> {
  const created = await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {});
  await api.json('PUT', `/v1/imports/${created.body.id}/chunks/0`, acct.secretKey, { rows });
  await api.json('POST', `/v1/imports/${created.body.id}/commit`, acct.secretKey);
  await api.services.jobs.idle();
  return (await api.json<Job>('GET', `/v1/imports/${created.body.id}`, acct.secretKey)).body as unknown as Job;
}

describe('the opt-out register', () => {
  it('ticking opted out is permanent: PATCH optedOut false is 409 opt_out_locked', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const opted = await api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { optedOut: true });
    expect(opted.body).toMatchObject({ optedOut: true, optOut: { source: 'manual' }, version: 2 });
    const undo = await api.json('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { optedOut: false });
    expect(undo.status).toBe(409);
    expect(undo.body.code).toBe('opt_out_locked');
    expect((await get(contact.id)).optedOut).toBe(true);
  });

  it('POST opt-out is idempotent', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const first = await api.json<Contact>('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    const second = await api.json<Contact>('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it('survives delete and re-create: the new contact arrives opted out', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await api.json('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    await api.call('DELETE', `/v1/contacts/${contact.id}`, acct.secretKey);
    const again = await api.createContact(acct.secretKey, { fullName: 'A again', phone: phone(1), optedOut: false });
    expect(again.optedOut).toBe(true);
  });

  it('survives delete all followed by an import, and the import counts it', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await api.json('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    const job = await api.json<Job>('DELETE', '/v1/contacts?all=true', acct.secretKey, undefined, { Confirm: 'delete-all-contacts' });
    expect(job.status).toBe(202);
    await api.services.jobs.idle();
    const imported = await importRows([{ fullName: 'A', phone: phone(1) }, { fullName: 'B', phone: phone(2) }]);
    expect((imported as unknown as { counts: { keptOptedOut: number } }).counts.keptOptedOut).toBe(1);
    const page = await api.json<ContactPage>('GET', '/v1/contacts?optedOut=true', acct.secretKey);
    expect(page.body.data.map((c) => c.phone)).toEqual([phone(1)]);
  });

  it('a STOP from a number with no contact still opts the number out', async () => {
    expect((await text('415 555 0109', 'stop')).body).toMatchObject({ action: 'opted_out', keyword: 'STOP', contactIds: [] });
    const contact = await api.createContact(acct.secretKey, { fullName: 'Later', phone: phone(9) });
    expect(contact.optedOut).toBe(true);
    expect(contact.optOut).toMatchObject({ source: 'keyword', keyword: 'STOP' });
  });

  it('opting out is lenient, opting in is strict, HELP changes nothing', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    expect((await text(phone(1), 'Stop please')).body.action).toBe('opted_out');
    expect((await get(contact.id)).optedOut).toBe(true);
    expect((await text(phone(1), 'start now')).body.action).toBe('none');
    expect((await get(contact.id)).optedOut).toBe(true);
    expect((await text(phone(1), 'help')).body.action).toBe('help');
    expect((await text(phone(1), '  UnStop!! ')).body.action).toBe('opted_in');
    expect((await get(contact.id)).optedOut).toBe(false);
    expect((await text(phone(1), 'opt out.')).body.action).toBe('opted_out');
    expect((await text(phone(1), 'Start')).body).toMatchObject({ action: 'opted_in', contactIds: [contact.id] });
    expect((await text(phone(1), 'start')).body.action).toBe('opted_in');
  });

  it('YES opts in and confirms consent', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await text(phone(1), 'STOP');
    await text(phone(1), 'yes');
    expect(await get(contact.id)).toMatchObject({ optedOut: false, consent: { status: 'confirmed' } });
  });

  it('the consent message is recorded, and refused for an opted-out number', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    const sent = await api.json<Contact>('POST', `/v1/contacts/${contact.id}/consent-message`, acct.secretKey);
    expect(sent.status).toBe(200);
    expect(sent.body.consent.status).toBe('sent');
    expect(sent.body.consent.updatedAt).not.toBeNull();
    await api.json('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    const refused = await api.json('POST', `/v1/contacts/${contact.id}/consent-message`, acct.secretKey);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('opt_out_locked');
  });

  it('an import that updates an opted-out number leaves it opted out', async () => {
    const contact = await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1) });
    await api.json('POST', `/v1/contacts/${contact.id}/opt-out`, acct.secretKey);
    await importRows([{ fullName: 'A renamed', phone: phone(1) }]);
    expect(await get(contact.id)).toMatchObject({ fullName: 'A renamed', optedOut: true });
  });

  it('inbound messages need a secret key', async () => {
    const { status, body } = await api.json('POST', '/v1/inbound-messages', acct.adminToken, { from: phone(1), body: 'START' });
    expect(status).toBe(403);
    expect(body.code).toBe('permission_denied');
  });
});
