import { afterEach, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../../test/webhook-test-receiver.js';
import { SqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { WebhookDeliveryWorker } from './webhook-delivery-worker.js';
import { generateWebhookSecret } from './webhook-signer.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(receiverCount = 1) {
  const sqlite = SqliteStore.open(':memory:');
  const store = new SqliteBackend(sqlite);
  cleanups.push(() => store.close());
  const { account } = await store.accounts.createAccount({ name: 'Acme' });
  const receivers: TestReceiver[] = [];
  const endpoints = [];
  for (let index = 0; index < receiverCount; index++) {
    const receiver = await startTestReceiver('ok');
    cleanups.push(() => receiver.close());
    receivers.push(receiver);
    endpoints.push(await store.webhooks.createEndpoint(account.id, { url: receiver.url, events: ['*'], description: null }, generateWebhookSecret(), Date.now()));
  }
  const worker = (leaseMs = 5_000) => {
    const created = new WebhookDeliveryWorker(store.webhooks, { allowPrivateTargets: true, pollIntervalMs: 20, leaseMs, timeoutMs: 500 });
    cleanups.push(() => created.stop());
    return created;
  };
  const record = (count: number) =>
    store.transaction(async (tx) => {
      for (let index = 0; index < count; index++) await tx.webhooks.recordEvent(account.id, 'contact.created', { id: `ct_${index}` }, Date.now());
    });
  return { store, account, receivers, endpoints, worker, record };
}

describe('webhook delivery worker', () => {
  it('two workers on one database deliver each event once between them', async () => {
    const { receivers, worker, record } = await setup();
    await record(200);
    const [first, second] = [worker(), worker()];
    first.start();
    second.start();
    await receivers[0]!.waitFor((accepted) => accepted.length >= 200);
    await Promise.all([first.stop(), second.stop()]);
    const ids = receivers[0]!.accepted.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(200);
    expect(ids).toHaveLength(200);
  });

  it('takes over a delivery whose worker died holding its lease, once the lease runs out', async () => {
    const { store, receivers, worker, record } = await setup();
    await record(1);
    // A worker claims it and dies before sending.
    const [claimed] = await store.webhooks.claimDue('worker_dead', Date.now(), 300, 10, 10);
    expect(claimed).toBeDefined();
    const survivor = worker();
    survivor.start();
    await receivers[0]!.waitFor((accepted) => accepted.length === 1);
    expect(receivers[0]!.accepted[0]!.headers['webhook-id']).toBe(claimed!.eventId);
    // The dead worker's late report is refused: the delivery is no longer its own.
    expect(await store.webhooks.completeAttempt('worker_dead', claimed!.accountId, claimed!.id, { attempt: { at: new Date().toISOString(), responseStatus: 500, error: 'HTTP 500.', durationMs: 1 }, ok: false, nextAttemptAt: null }, Date.now(), 1e9)).toBe(false);
  });

  it('a hanging receiver holds only its endpoint’s slots: another endpoint keeps getting its events', async () => {
    const { receivers, worker, record } = await setup(2);
    receivers[0]!.behaviour = 'hang';
    await record(40);
    const running = worker();
    running.start();
    await receivers[1]!.waitFor((accepted) => accepted.length >= 40);
    expect(receivers[0]!.accepted).toHaveLength(0);
    // At most the per-endpoint limit (8) waited on the hanging one at a time.
    expect(receivers[0]!.received.length).toBeGreaterThan(0);
    expect(receivers[0]!.maxConcurrent).toBeLessThanOrEqual(8);
  });

  it('stops at once with a receiver hanging, recording nothing, and the next worker sends it again', async () => {
    const { store, account, endpoints, receivers, worker, record } = await setup();
    receivers[0]!.behaviour = 'hang';
    await record(1);
    const first = worker(200);
    first.start();
    while (receivers[0]!.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await first.stop();
    const [delivery] = await store.webhooks.listDeliveries(account.id, endpoints[0]!.id, { limit: 10 });
    expect(delivery).toMatchObject({ status: 'pending', attempts: [] });
    receivers[0]!.behaviour = 'ok';
    const second = worker(200);
    second.start();
    await receivers[0]!.waitFor((accepted) => accepted.length === 1);
    expect(receivers[0]!.accepted[0]!.headers['webhook-id']).toBe(receivers[0]!.received[0]!.headers['webhook-id']);
  });
});
