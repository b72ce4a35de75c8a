// The two receivers of docs/webhooks.md, run against the reference server: one verifies with
// verifyWebhook, the other with the standardwebhooks library. Both take real deliveries and
// refuse a tampered or unsigned request.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook, WebhookVerificationError, type WebhookEvent } from '@contacts-manager/core/webhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { testApi } from './helpers.js';

interface Handled {
  ids: Set<string>;
  events: WebhookEvent[];
}

/** The docs' first receiver: verifyWebhook, dedupe on webhook-id. */
function helperReceiver(secret: () => string, handled: Handled): Hono {
  const app = new Hono();
  app.post('/webhooks/contacts', async (c) => {
    const body = await c.req.text();
    let event: WebhookEvent;
    try {
      event = await verifyWebhook(body, c.req.raw.headers, secret(), { toleranceSeconds: 300 });
    } catch (error) {
      if (error instanceof WebhookVerificationError) return c.json({ error: error.code }, 400);
      throw error;
    }
    const id = c.req.header('webhook-id')!;
    if (handled.ids.has(id)) return c.body(null, 204);
    handled.events.push(event);
    handled.ids.add(id);
    return c.body(null, 204);
  });
  return app;
}

/** The docs' second receiver: the Standard Webhooks reference library. */
function libraryReceiver(secret: () => string, handled: Handled): Hono {
  const app = new Hono();
  app.post('/webhooks/contacts', async (c) => {
    const body = await c.req.text();
    let event: WebhookEvent;
    try {
      event = new Webhook(secret()).verify(body, Object.fromEntries(c.req.raw.headers)) as WebhookEvent;
    } catch {
      return c.json({ error: 'invalid signature' }, 400);
    }
    const id = c.req.header('webhook-id')!;
    if (!handled.ids.has(id)) handled.events.push(event);
    handled.ids.add(id);
    return c.body(null, 204);
  });
  return app;
}

const servers: ServerType[] = [];
async function listen(app: Hono): Promise<string> {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/contacts`;
}

const api = testApi({ webhooks: { allowPrivateTargets: true, retryScheduleSeconds: [0.1, 0.2], pollIntervalMs: 50 } });
afterAll(async () => {
  await api.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('the receivers of docs/webhooks.md', () => {
  it('both verify real deliveries and refuse forged ones', async () => {
    const account = await api.newAccount();
    const secrets: Record<string, string> = {};
    const viaHelper: Handled = { ids: new Set(), events: [] };
    const viaLibrary: Handled = { ids: new Set(), events: [] };
    const helperUrl = await listen(helperReceiver(() => secrets.helper!, viaHelper));
    const libraryUrl = await listen(libraryReceiver(() => secrets.library!, viaLibrary));
    for (const [name, url] of [['helper', helperUrl], ['library', libraryUrl]] as const) {
      const { body } = await api.json<{ secret: string }>('POST', '/v1/webhook-endpoints', account.secretKey, { url, events: ['*'] });
      secrets[name] = body.secret;
    }
    const contact = await api.createContact(account.secretKey, { fullName: 'Ada Lovelace', phone: '+14155550100', email: 'ada@example.com' });
    await api.call('DELETE', `/v1/contacts/${contact.id}`, account.secretKey);
    while (viaHelper.events.length < 2 || viaLibrary.events.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const handled of [viaHelper, viaLibrary]) {
      expect(handled.events.map((event) => event.type).sort()).toEqual(['contact.created', 'contact.deleted']);
      expect(handled.events.find((event) => event.type === 'contact.deleted')!.data).toEqual({ id: contact.id, phone: '+14155550100', email: 'ada@example.com' });
    }

    for (const url of [helperUrl, libraryUrl]) {
      const unsigned = await fetch(url, { method: 'POST', body: '{"type":"contact.deleted","timestamp":"x","data":{}}', headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(400);
      const forged = await fetch(url, {
        method: 'POST',
        body: '{"type":"contact.deleted","timestamp":"x","data":{}}',
        headers: { 'content-type': 'application/json', 'webhook-id': 'ev_forged00000', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      });
      expect(forged.status).toBe(400);
    }
    expect(await (await fetch(helperUrl, { method: 'POST', body: '{}' })).json()).toEqual({ error: 'webhook_missing_headers' });
  });
});
