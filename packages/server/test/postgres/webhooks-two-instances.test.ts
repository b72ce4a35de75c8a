// Webhooks with two server instances on one PostgreSQL database: every event is delivered,
// by one of them, once; an instance killed with deliveries in flight leaves them to the other.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEndpointWithSecret } from '@contacts-manager/core/webhooks';
import { Webhook } from 'standardwebhooks';
import type { AppOptions } from '../../src/app.js';
import { onPostgres, postgresUrl, testApi, type TestApi } from '../helpers.js';
import { startTestReceiver, type TestReceiver } from '../webhook-test-receiver.js';

const SERVE = fileURLToPath(new URL('../fixtures/serve-database.ts', import.meta.url));
const NODE_ARGS = ['--conditions=@contacts-manager/source', '--import', import.meta.resolve('tsx'), SERVE];
/** Short leases, so a killed instance's deliveries are taken over quickly. */
const WEBHOOKS: AppOptions['webhooks'] = { allowPrivateTargets: true, retryScheduleSeconds: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2], timeoutMs: 5000, leaseMs: 1500, pollIntervalMs: 100 };

const cleanups: Array<() => Promise<unknown>> = [];
let child: ChildProcess | null = null;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function instance(): TestApi {
  const api = testApi({ webhooks: WEBHOOKS });
  cleanups.push(() => api.close());
  return api;
}

async function receiver(behaviour: TestReceiver['behaviour']): Promise<TestReceiver> {
  const started = await startTestReceiver(behaviour);
  cleanups.push(() => started.close());
  return started;
}

const distinct = (receiver: TestReceiver) => new Set(receiver.accepted.map((request) => request.headers['webhook-id'])).size;

describe.skipIf(!onPostgres)('webhooks with two instances on one PostgreSQL', () => {
  it('delivers every event written through either instance, once, signed', async () => {
    const target = await receiver('ok');
    const [a, b] = [instance(), instance()];
    const account = await a.newAccount();
    const endpoint = (await b.json<WebhookEndpointWithSecret>('POST', '/v1/webhook-endpoints', account.secretKey, { url: target.url, events: ['contact.created'] })).body;
    const writes = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? a : b).createContact(account.secretKey, { fullName: `Both ${index}`, phone: `+1212555${String(1000 + index)}` }));
    await Promise.all(writes);
    await target.waitFor(() => distinct(target) >= 60);
    // Both workers stay up a moment longer: a second delivery of any event would show now.
    await Promise.all([a.close(), b.close()]);
    cleanups.splice(0, cleanups.length, () => target.close());
    expect(target.accepted).toHaveLength(60);
    expect(distinct(target)).toBe(60);
    for (const request of target.accepted) new Webhook(endpoint.secret).verify(request.body, request.headers);
  });

  it('takes over the deliveries of an instance killed while they were in flight', async () => {
    const target = await receiver('hang');
    // Set up through an instance that then stops, so the doomed child instance takes every delivery.
    const setup = testApi({ webhooks: WEBHOOKS });
    const account = await setup.newAccount();
    await setup.json('POST', '/v1/webhook-endpoints', account.secretKey, { url: target.url, events: ['contact.created'] });
    await setup.close();
    child = spawn(process.execPath, [...NODE_ARGS, postgresUrl!, JSON.stringify({ webhooks: WEBHOOKS })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let url = '';
    for await (const line of createInterface({ input: child.stdout! })) {
      const match = /listening on (\S+)/.exec(line);
      if (match?.[1]) {
        url = match[1];
        break;
      }
    }
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${url}/v1/contacts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${account.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ fullName: `Orphan ${index}`, phone: `+1212555${2000 + index}` }),
      });
      expect(response.status).toBe(201);
    }
    while (target.received.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    child = null;
    target.behaviour = 'ok';
    instance(); // the rescuer: it claims them once the dead instance's leases lapse
    await target.waitFor(() => distinct(target) >= 3);
    expect(distinct(target)).toBe(3);
  });
});
