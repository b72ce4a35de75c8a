// Webhooks end to end: the API records events in the change's transaction, the worker signs
// and POSTs them to real receivers on 127.0.0.1, and retries until they are taken.
import { verifyWebhook, type WebhookDelivery, type WebhookEndpointWithSecret, type WebhookEvent } from '@contacts-manager/core/webhooks';
import { Webhook } from 'standardwebhooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../src/app.js';
import { runMaintenance } from '../src/maintenance.js';
import { testApi, type TestAccount, type TestApi } from './helpers.js';
import { startTestReceiver, type ReceivedWebhook, type TestReceiver } from './webhook-test-receiver.js';

const FAST: AppOptions['webhooks'] = { allowPrivateTargets: true, retryScheduleSeconds: [0.1, 0.2, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4], timeoutMs: 2000, pollIntervalMs: 50 };

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function api(options: AppOptions = {}): TestApi {
  const created = testApi({ webhooks: FAST, ...options });
  cleanups.push(() => created.close());
  return created;
}

async function receiver(behaviour: TestReceiver['behaviour'] = 'ok'): Promise<TestReceiver> {
  const started = await startTestReceiver(behaviour);
  cleanups.push(() => started.close());
  return started;
}

async function createEndpoint(server: TestApi, account: TestAccount, url: string, events: string[] = ['*']): Promise<WebhookEndpointWithSecret> {
  const { status, body } = await server.json<WebhookEndpointWithSecret>('POST', '/v1/webhook-endpoints', account.secretKey, { url, events });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

const eventOf = (request: ReceivedWebhook) => JSON.parse(request.body) as WebhookEvent;
const types = (requests: ReceivedWebhook[]) => requests.map((request) => eventOf(request).type);
/** Distinct events taken: at least once means a retry may repeat one (same webhook-id). */
const distinct = (requests: ReceivedWebhook[]) => new Set(requests.map((request) => request.headers['webhook-id'])).size;

describe('webhook endpoints', () => {
  it('creates an endpoint with a whsec_ secret shown once, lists, reads, updates and deletes it', async () => {
    const server = api();
    const account = await server.newAccount();
    const created = await createEndpoint(server, account, 'https://93.184.216.34/hooks', ['contact.created', 'contact.deleted']);
    expect(created).toMatchObject({ url: 'https://93.184.216.34/hooks', events: ['contact.created', 'contact.deleted'], description: null, status: 'enabled' });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);
    expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const read = await server.json('GET', `/v1/webhook-endpoints/${created.id}`, account.secretKey);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await server.json<{ data: unknown[]; nextCursor: string | null }>('GET', '/v1/webhook-endpoints', account.secretKey);
    expect(list.body.data).toHaveLength(1);
    const patched = await server.json('PATCH', `/v1/webhook-endpoints/${created.id}`, account.secretKey, { description: 'CRM', events: ['*'], status: 'disabled' });
    expect(patched.body).toMatchObject({ description: 'CRM', events: ['*'], status: 'disabled' });
    expect((await server.call('DELETE', `/v1/webhook-endpoints/${created.id}`, account.secretKey)).status).toBe(204);
    expect((await server.call('GET', `/v1/webhook-endpoints/${created.id}`, account.secretKey)).status).toBe(404);
  });

  it('needs manageWebhooks: an admin session may, an agent may not; another account gets 404', async () => {
    const server = api();
    const account = await server.newAccount();
    const other = await server.newAccount('Other');
    const endpoint = await createEndpoint(server, account, 'https://93.184.216.34/hooks');
    const denied = await server.json('GET', '/v1/webhook-endpoints', account.agentToken);
    expect(denied).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
    expect((await server.json('GET', '/v1/webhook-endpoints', account.adminToken)).status).toBe(200);
    expect((await server.json('GET', `/v1/webhook-endpoints/${endpoint.id}`, other.secretKey)).status).toBe(404);
    expect((await server.json('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, other.secretKey)).status).toBe(404);
  });

  it('refuses plain http, loopback, private and metadata targets with 422 webhook_url_forbidden, a name resolving to 127.0.0.1 included', async () => {
    const server = api({ webhooks: { ...FAST, allowPrivateTargets: false } });
    const account = await server.newAccount();
    for (const url of ['http://93.184.216.34/hooks', 'https://127.0.0.1/hooks', 'https://localhost:8443/hooks', 'https://10.1.2.3/x', 'https://192.168.0.10/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://100.64.1.1/x', 'https://[fd00::1]/x']) {
      const { status, body } = await server.json<{ code: string; errors: Array<{ path: string }> }>('POST', '/v1/webhook-endpoints', account.secretKey, { url, events: ['*'] });
      expect(status, url).toBe(422);
      expect(body.code, url).toBe('webhook_url_forbidden');
      expect(body.errors[0]!.path).toBe('url');
    }
    const endpoint = await createEndpoint(server, account, 'https://93.184.216.34/hooks');
    const patch = await server.json('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, account.secretKey, { url: 'https://127.0.0.1/x' });
    expect(patch).toMatchObject({ status: 422, body: { code: 'webhook_url_forbidden' } });
  });

  it('checks the target again at every delivery: a loopback endpoint stored while allowed gets nothing once it is not', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'contacts-webhooks-'));
    cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
    const database = join(directory, 'contacts.db');
    const target = await receiver();
    const lenient = testApi({ database, webhooks: FAST });
    const account = await lenient.newAccount();
    const endpoint = await createEndpoint(lenient, account, target.url);
    await lenient.close();

    const strict = api({ database, webhooks: { ...FAST, allowPrivateTargets: false, retryScheduleSeconds: [0.05] } });
    await strict.createContact(account.secretKey, { fullName: 'Rebound', phone: '+14155550600' });
    let delivery: WebhookDelivery | undefined;
    do {
      delivery = (await strict.json<{ data: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=failed`, account.secretKey)).body.data[0];
    } while (!delivery && (await new Promise((resolve) => setTimeout(resolve, 20, true))));
    expect(delivery!.attempts.length).toBeGreaterThan(0);
    for (const attempt of delivery!.attempts) {
      expect(attempt.responseStatus).toBeNull();
      expect(attempt.error).toMatch(/https|may not be sent/);
    }
    expect(target.received).toHaveLength(0);
  });

  it('validates the body: unknown event types, empty events, a relative URL', async () => {
    const server = api();
    const account = await server.newAccount();
    const { status, body } = await server.json<{ code: string; errors: Array<{ path: string }> }>('POST', '/v1/webhook-endpoints', account.secretKey, { url: '/relative', events: ['contact.exploded'] });
    expect(status).toBe(422);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((error) => error.path).sort()).toEqual(['events.0', 'url']);
    expect((await server.json('POST', '/v1/webhook-endpoints', account.secretKey, { url: 'https://93.184.216.34', events: [] })).status).toBe(422);
  });
});

describe('webhook delivery to a real receiver', () => {
  it('sends each single-contact change, signed so that the standardwebhooks library and verifyWebhook accept it', async () => {
    const server = api();
    const account = await server.newAccount();
    const target = await receiver();
    const endpoint = await createEndpoint(server, account, target.url);

    const contact = await server.createContact(account.secretKey, { fullName: 'Ada Lovelace', phone: '+14155550100', email: 'ada@example.com' });
    await server.json('PATCH', `/v1/contacts/${contact.id}`, account.secretKey, { fullName: 'Ada King' });
    await server.json('POST', `/v1/contacts/${contact.id}/consent-message`, account.secretKey);
    await server.json('POST', '/v1/inbound-messages', account.secretKey, { from: '+14155550100', body: 'STOP' });
    await server.json('POST', '/v1/inbound-messages', account.secretKey, { from: '+14155550100', body: 'START' });
    await server.json('POST', `/v1/contacts/${contact.id}/opt-out`, account.secretKey);
    await server.call('DELETE', `/v1/contacts/${contact.id}`, account.secretKey);
    await target.waitFor((accepted) => distinct(accepted) >= 7);

    expect(new Set(types(target.accepted))).toEqual(
      new Set(['contact.created', 'contact.updated', 'contact.consent_updated', 'contact.opted_out', 'contact.opted_in', 'contact.deleted']),
    );
    for (const request of target.accepted) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-id']).toMatch(/^ev_/);
      expect(request.headers['webhook-signature']).toMatch(/^v1,/);
      expect(new Webhook(endpoint.secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));
      await expect(verifyWebhook(request.body, request.headers, endpoint.secret)).resolves.toEqual(JSON.parse(request.body));
    }
    const created = target.accepted.map(eventOf).find((event) => event.type === 'contact.created')!;
    expect(created.data).toMatchObject({ id: contact.id, email: 'ada@example.com', version: 1 });
    const deleted = target.accepted.map(eventOf).find((event) => event.type === 'contact.deleted')!;
    expect(deleted.data).toEqual({ id: contact.id, phone: '+14155550100', email: 'ada@example.com' });
    const updated = target.accepted.map(eventOf).find((event) => event.type === 'contact.updated')!;
    expect(updated.data).toMatchObject({ fullName: 'Ada King', version: 2 });
  });

  it('sends only the event types an endpoint subscribes to', async () => {
    const server = api();
    const account = await server.newAccount();
    const all = await receiver();
    const deletesOnly = await receiver();
    await createEndpoint(server, account, all.url);
    await createEndpoint(server, account, deletesOnly.url, ['contact.deleted']);
    const contact = await server.createContact(account.secretKey, { fullName: 'Grace Hopper', phone: '+14155550101' });
    await server.call('DELETE', `/v1/contacts/${contact.id}`, account.secretKey);
    await all.waitFor((accepted) => distinct(accepted) >= 2);
    await deletesOnly.waitFor((accepted) => distinct(accepted) >= 1);
    expect(new Set(types(deletesOnly.accepted))).toEqual(new Set(['contact.deleted']));
    expect(new Set(types(all.accepted))).toEqual(new Set(['contact.created', 'contact.deleted']));
  });

  it('sends one summary event per bulk job: import.completed with the counts, contacts.deleted_all with the count', async () => {
    const server = api();
    const account = await server.newAccount();
    const target = await receiver();
    await createEndpoint(server, account, target.url, ['import.completed', 'contacts.deleted_all']);
    const created = await server.json<{ id: string }>('POST', '/v1/imports', account.secretKey, {});
    const rows = Array.from({ length: 30 }, (_, index) => ({ fullName: `Person ${index}`, phone: `+1415555${String(1000 + index)}` }));
    expect((await server.json('PUT', `/v1/imports/${created.body.id}/chunks/0`, account.secretKey, { rows })).status).toBe(200);
    expect((await server.json('POST', `/v1/imports/${created.body.id}/commit`, account.secretKey)).status).toBe(202);
    await target.waitFor((accepted) => distinct(accepted) >= 1);
    expect(eventOf(target.accepted[0]!)).toMatchObject({ type: 'import.completed', data: { importId: created.body.id, counts: { rows: 30, created: 30 } } });
    const deleteAll = await server.json('DELETE', '/v1/contacts?all=true', account.secretKey, undefined, { Confirm: 'delete-all-contacts' });
    expect(deleteAll.status).toBe(202);
    await target.waitFor((accepted) => distinct(accepted) >= 2);
    expect(eventOf(target.accepted.at(-1)!)).toMatchObject({ type: 'contacts.deleted_all', data: { deleted: 30 } });
    expect(distinct(target.received)).toBe(2);
  });

  it('keeps retrying a receiver that answers 500, hangs past the timeout, then drops connections, with the same webhook-id, until it is healthy', async () => {
    const server = api();
    const account = await server.newAccount();
    const target = await receiver('fail');
    const endpoint = await createEndpoint(server, account, target.url);
    const contacts = [];
    for (let index = 0; index < 5; index++) contacts.push(await server.createContact(account.secretKey, { fullName: `Flaky ${index}`, phone: `+1415555020${index}` }));
    const failedAttempts = (count: number) => async () => {
      for (;;) {
        if (target.received.length >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await failedAttempts(5)();
    target.behaviour = 'hang';
    await failedAttempts(10)();
    target.behaviour = 'drop';
    await failedAttempts(15)();
    target.behaviour = 'ok';
    await target.waitFor((accepted) => new Set(accepted.map((request) => request.headers['webhook-id'])).size >= 5);

    const ids = new Set(target.accepted.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(5);
    // Each event kept its id through every retry.
    for (const id of ids) {
      const attempts = target.received.filter((request) => request.headers['webhook-id'] === id);
      expect(new Set(attempts.map((request) => request.body)).size).toBe(1);
    }
    // The log catches up once each answer is recorded.
    let body: { data: WebhookDelivery[] };
    do {
      body = (await server.json<{ data: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, account.secretKey)).body;
    } while (body.data.some((delivery) => delivery.status !== 'succeeded') && (await new Promise((resolve) => setTimeout(resolve, 20, true))));
    expect(body.data).toHaveLength(5);
    for (const delivery of body.data) {
      expect(delivery.status).toBe('succeeded');
      expect(delivery.attempts.length).toBeGreaterThan(1);
      expect(delivery.attempts.at(-1)!.responseStatus).toBe(204);
      expect(delivery.nextAttemptAt).toBeNull();
    }
    const errors = body.data.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.error ?? `HTTP ${attempt.responseStatus}`));
    expect(errors).toContain('HTTP 500.');
    expect(errors).toContain('No answer within 2 s.');
    expect(errors).toContain('The receiver closed the connection before answering.');
  });

  it('marks a delivery failed once the schedule is spent, and a manual retry sends it again', async () => {
    const server = api({ webhooks: { ...FAST, retryScheduleSeconds: [0.05, 0.05] } });
    const account = await server.newAccount();
    const target = await receiver('fail');
    const endpoint = await createEndpoint(server, account, target.url);
    await server.createContact(account.secretKey, { fullName: 'Unlucky', phone: '+14155550300' });
    const failed = async (): Promise<WebhookDelivery> => {
      for (;;) {
        const { body } = await server.json<{ data: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=failed`, account.secretKey);
        if (body.data[0]) return body.data[0];
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const delivery = await failed();
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.nextAttemptAt).toBeNull();
    target.behaviour = 'ok';
    const retried = await server.json<WebhookDelivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`, account.secretKey);
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('pending');
    await target.waitFor((accepted) => accepted.length === 1);
    expect(target.accepted[0]!.headers['webhook-id']).toBe(delivery.eventId);
    expect((await server.json('POST', `/v1/webhook-endpoints/${endpoint.id}/deliveries/wd_00000000000000000000000000/retry`, account.secretKey)).status).toBe(404);
  });

  it('queues a webhook.test event to one endpoint', async () => {
    const server = api();
    const account = await server.newAccount();
    const target = await receiver();
    const other = await receiver();
    const endpoint = await createEndpoint(server, account, target.url, ['contact.created']);
    await createEndpoint(server, account, other.url);
    const { status, body } = await server.json<WebhookDelivery>('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, account.secretKey);
    expect(status).toBe(202);
    expect(body).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    await target.waitFor((accepted) => accepted.length === 1);
    expect(eventOf(target.accepted[0]!)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect(target.accepted[0]!.headers['webhook-id']).toBe(body.eventId);
    expect(other.received).toHaveLength(0);
  });

  it('signs with the old and the new secret during a rotation, then with the new one only', async () => {
    let clock = Date.now();
    const server = api({ now: () => clock });
    const account = await server.newAccount();
    const target = await receiver();
    const endpoint = await createEndpoint(server, account, target.url);
    const rotated = await server.json<{ secret: string }>('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, account.secretKey, { expiresInSeconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    await server.json('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, account.secretKey);
    await target.waitFor((accepted) => accepted.length === 1);
    const during = target.accepted[0]!;
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    new Webhook(endpoint.secret).verify(during.body, during.headers);
    new Webhook(rotated.body.secret).verify(during.body, during.headers);

    clock += 3601_000;
    await server.json('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, account.secretKey);
    await target.waitFor((accepted) => accepted.length === 2);
    const after = target.accepted[1]!;
    // The receiver's clock is real; only the signature set matters here.
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    const checkable = { ...after.headers, 'webhook-timestamp': after.headers['webhook-timestamp']! };
    await expect(verifyWebhook(after.body, checkable, rotated.body.secret, { now: clock })).resolves.toMatchObject({ type: 'webhook.test' });
    await expect(verifyWebhook(after.body, checkable, endpoint.secret, { now: clock })).rejects.toMatchObject({ code: 'webhook_invalid_signature' });
  });

  it('disables an endpoint after 5 days of nothing but failures; re-enabling resumes its deliveries', async () => {
    let clock = Date.now();
    const server = api({ now: () => clock, webhooks: { ...FAST, retryScheduleSeconds: Array(20).fill(86_400 / 2) } });
    const account = await server.newAccount();
    const target = await receiver('fail');
    const endpoint = await createEndpoint(server, account, target.url);
    await server.createContact(account.secretKey, { fullName: 'Far Away', phone: '+14155550400' });
    const status = async () => (await server.json<{ status: string; disabledReason?: string }>('GET', `/v1/webhook-endpoints/${endpoint.id}`, account.secretKey)).body;
    const recordedAttempts = async () =>
      (await server.json<{ data: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, account.secretKey)).body.data[0]?.attempts.length ?? 0;
    let attempts = 0;
    while ((await status()).status === 'enabled') {
      // Half a day (and some) passes after each recorded failure, so the next retry is due.
      while ((await recordedAttempts()) <= attempts) await new Promise((resolve) => setTimeout(resolve, 10));
      attempts = await recordedAttempts();
      clock += (86_400_000 / 2) * 1.3;
    }
    const disabled = await status();
    expect(disabled.disabledReason).toMatch(/5 days/);
    expect(attempts).toBeGreaterThanOrEqual(8);
    // Nothing more goes out while disabled.
    clock += 86_400_000;
    await server.createContact(account.secretKey, { fullName: 'Ignored', phone: '+14155550401' });
    target.behaviour = 'ok';
    const enabled = await server.json('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, account.secretKey, { status: 'enabled' });
    expect(enabled.body).toMatchObject({ status: 'enabled' });
    expect(enabled.body).not.toHaveProperty('disabledReason');
    await target.waitFor((accepted) => accepted.length === 1);
    expect(eventOf(target.accepted[0]!).data).toMatchObject({ fullName: 'Far Away' });
  });

  it('keeps the delivery log 30 days', async () => {
    let clock = Date.now();
    const server = api({ now: () => clock });
    const account = await server.newAccount();
    const target = await receiver();
    const endpoint = await createEndpoint(server, account, target.url);
    await server.json('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, account.secretKey);
    await target.waitFor((accepted) => accepted.length === 1);
    const log = async () => (await server.json<{ data: WebhookDelivery[] }>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, account.secretKey)).body.data;
    clock += 29 * 86_400_000;
    await runMaintenance(server.services);
    expect(await log()).toHaveLength(1);
    clock += 2 * 86_400_000;
    await runMaintenance(server.services);
    expect(await log()).toHaveLength(0);
  });
});
