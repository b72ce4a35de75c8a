// What texts and opt-out clicks tell the outside world: one webhook event per real change of the
// register or of consent, none for a text that changes nothing, and nothing for a number
// without a contact. (Written against the survivors of the mutation run on the register.)
import type { WebhookEvent } from '@contacts-manager/core/webhooks';
import type { ChangesPage, Contact } from '@contacts-manager/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { phone, testApi, type TestAccount, type TestApi } from './helpers.js';
import { startTestReceiver, type TestReceiver } from './webhook-test-receiver.js';

let api: TestApi;
let acct: TestAccount;
let target: TestReceiver | undefined;
afterEach(async () => {
  await api.close();
  await target?.close();
  target = undefined;
});

const text = (from: string, body: string) => api.json<{ action: string }>('POST', '/v1/inbound-messages', acct.secretKey, { from, body });
const get = async (id: string): Promise<Contact> => (await api.json<Contact>('GET', `/v1/contacts/${id}`, acct.secretKey)).body;

/**
 * Every event taken by the receiver, each once (a retry repeats a webhook-id), in the order
 * they happened: event ids (`ev_` + time, then a counter) sort by creation.
 */
function events(): WebhookEvent[] {
  const byId = new Map(target!.accepted.map((request) => [String(request.headers['webhook-id']), JSON.parse(request.body) as WebhookEvent]));
  return [...byId.keys()].sort().map((id) => byId.get(id)!);
}

describe('register changes as webhook events', () => {
  it('one event per change: a repeated STOP or START, HELP, a second opt-out and texts from unknown numbers send none', async () => {
    api = testApi({ webhooks: { allowPrivateTargets: true, retryScheduleSeconds: [0.1, 0.2, 0.4, 0.4], timeoutMs: 2000, pollIntervalMs: 50 } });
    acct = await api.newAccount();
    target = await startTestReceiver('ok');
    expect((await api.json('POST', '/v1/webhook-endpoints', acct.secretKey, { url: target.url, events: ['*'] })).status).toBe(201);

    const ada = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    for (const body of ['STOP', 'STOP', 'HELP', 'START', 'START', 'STOP', 'YES']) await text(phone(1), body);
    expect((await get(ada.id)).consent.status).toBe('confirmed');
    for (let n = 0; n < 2; n++) expect((await api.call('POST', `/v1/contacts/${ada.id}/opt-out`, acct.secretKey)).status).toBe(200);
    // A number with no contact: the register changes, but there is no contact to tell about.
    for (const body of ['STOP', 'YES', 'STOP']) await text(phone(2), body);
    // The last event of the run: once it is in, every earlier one is too.
    const marker = await api.createContact(acct.secretKey, { fullName: 'Marker', phone: phone(3) });
    await target.waitFor(() => events().some((event) => (event.data as { id?: string }).id === marker.id));

    const adaEvents = events()
      .filter((event) => (event.data as { id?: string }).id === ada.id)
      .map((event) => event.type);
    expect(adaEvents).toEqual(['contact.created', 'contact.opted_out', 'contact.opted_in', 'contact.opted_out', 'contact.opted_in', 'contact.consent_updated', 'contact.opted_out']);
    expect(events()).toHaveLength(adaEvents.length + 1);
    const last = events().filter((event) => event.type === 'contact.consent_updated');
    expect(last.map((event) => (event.data as Contact).consent.status)).toEqual(['confirmed']);
  });
});

describe('texts and consent', () => {
  it('only YES from a contact confirms consent: STOP, HELP and START leave it as it was', async () => {
    api = testApi();
    acct = await api.newAccount();
    const ada = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const before = await get(ada.id);
    for (const body of ['HELP', 'STOP', 'START', 'hello']) {
      await text(phone(1), body);
      expect((await get(ada.id)).consent, body).toEqual(before.consent);
    }
    await text(phone(1), 'YES');
    expect((await get(ada.id)).consent.status).toBe('confirmed');
  });

  it('YES from a number without a contact changes no contact and adds nothing to the feed', async () => {
    api = testApi();
    acct = await api.newAccount();
    const ada = await api.createContact(acct.secretKey, { fullName: 'Ada', phone: phone(1) });
    const feed = async (): Promise<ChangesPage> => (await api.json<ChangesPage>('GET', '/v1/changes?after=0', acct.secretKey)).body;
    const seen = (await feed()).data.length;
    expect((await text(phone(2), 'YES')).body.action).toBe('opted_in');
    expect((await feed()).data).toHaveLength(seen);
    expect(await get(ada.id)).toEqual(ada);
  });

  it('a user session may not record texts, and is told why', async () => {
    api = testApi();
    acct = await api.newAccount();
    const { status, body } = await api.json<{ detail: string }>('POST', '/v1/inbound-messages', acct.adminToken, { from: phone(1), body: 'STOP' });
    expect(status).toBe(403);
    expect(body.detail).toContain('record inbound messages');
  });
});
