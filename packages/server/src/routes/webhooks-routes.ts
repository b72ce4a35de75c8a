// Webhook endpoints and their delivery log (api.md "Webhooks"). Every route needs the secret
// key or a session with `manageWebhooks`.
import { Hono, type Context } from 'hono';
import {
  WebhookDeliveryQuery,
  WebhookEndpointCreateInput,
  WebhookEndpointPatchInput,
  WebhookEndpointQuery,
  WebhookSecretRotateInput,
  type WebhookEndpoint,
} from '@contacts-manager/core/webhooks';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../http/api-error.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { parseBody, parseQuery } from '../http/validation.js';
import { requirePermission } from '../middleware/auth.js';
import { generateWebhookSecret } from '../webhooks/webhook-signer.js';
import { checkWebhookUrl, WebhookUrlForbiddenError } from '../webhooks/webhook-url-safety.js';

const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `No such ${what}.`);
}

/** The caller's account, once it is allowed to manage webhooks. */
function accountOf(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  requirePermission(principal, 'manageWebhooks', 'manage webhooks');
  return principal.account.id;
}

/** 422 `webhook_url_forbidden` for a target the SSRF rules refuse. */
async function safeUrl(c: Context<AppEnv>, url: string): Promise<string> {
  try {
    return (await checkWebhookUrl(url, { allowPrivateTargets: c.get('services').webhooks.allowPrivateTargets })).href;
  } catch (error) {
    if (!(error instanceof WebhookUrlForbiddenError)) throw error;
    throw new ApiError(422, 'webhook_url_forbidden', error.message, { errors: [{ path: 'url', code: 'webhook_url_forbidden', message: error.message }] });
  }
}

async function requireEndpoint(c: Context<AppEnv>, accountId: string): Promise<WebhookEndpoint> {
  const endpoint = await c.get('services').store.webhooks.getEndpoint(accountId, c.req.param('id') ?? '');
  if (!endpoint) throw notFound('webhook endpoint');
  return endpoint;
}

export function webhooksRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/webhook-endpoints', async (c) => {
    const accountId = accountOf(c);
    const input = await parseBody(c, WebhookEndpointCreateInput);
    const url = await safeUrl(c, input.url);
    const secret = generateWebhookSecret();
    const { store, now } = c.get('services');
    const endpoint = await store.webhooks.createEndpoint(accountId, { url, events: input.events, description: input.description ?? null }, secret, now());
    c.header('Location', `/v1/webhook-endpoints/${endpoint.id}`);
    return c.json({ ...endpoint, secret }, 201);
  });

  app.get('/webhook-endpoints', async (c) => {
    const accountId = accountOf(c);
    const query = parseQuery(c, WebhookEndpointQuery);
    const afterId = query.cursor ? String(decodeCursor(query.cursor, 'webhook-endpoints')[1]) : null;
    const endpoints = await c.get('services').store.webhooks.listEndpoints(accountId, afterId, query.limit + 1);
    const data = endpoints.slice(0, query.limit);
    const last = data.at(-1);
    return c.json({ data, nextCursor: endpoints.length > query.limit && last ? encodeCursor('webhook-endpoints', 0, last.id) : null });
  });

  app.get('/webhook-endpoints/:id', async (c) => c.json(await requireEndpoint(c, accountOf(c))));

  app.patch('/webhook-endpoints/:id', async (c) => {
    const accountId = accountOf(c);
    await requireEndpoint(c, accountId);
    const patch = await parseBody(c, WebhookEndpointPatchInput);
    const url = patch.url === undefined ? undefined : await safeUrl(c, patch.url);
    const { store, now } = c.get('services');
    const updated = await store.webhooks.updateEndpoint(accountId, c.req.param('id'), { ...patch, url }, now());
    if (!updated) throw notFound('webhook endpoint');
    // Deliveries held while it was disabled go out now.
    if (patch.status === 'enabled') c.get('services').webhooks.notify();
    return c.json(updated);
  });

  app.delete('/webhook-endpoints/:id', async (c) => {
    const accountId = accountOf(c);
    if (!(await c.get('services').store.webhooks.deleteEndpoint(accountId, c.req.param('id')))) throw notFound('webhook endpoint');
    return c.body(null, 204);
  });

  app.post('/webhook-endpoints/:id/rotate-secret', async (c) => {
    const accountId = accountOf(c);
    await requireEndpoint(c, accountId);
    const input = await parseBody(c, WebhookSecretRotateInput);
    const secret = generateWebhookSecret();
    const { store, now } = c.get('services');
    const overlapMs = (input.expiresInSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS) * 1000;
    if (!(await store.webhooks.rotateSecret(accountId, c.req.param('id'), secret, now() + overlapMs))) throw notFound('webhook endpoint');
    return c.json({ secret });
  });

  app.post('/webhook-endpoints/:id/test', async (c) => {
    const accountId = accountOf(c);
    const endpoint = await requireEndpoint(c, accountId);
    const { store, now, webhooks } = c.get('services');
    const [delivery] = await store.transaction((tx) =>
      tx.webhooks.recordEvent(accountId, 'webhook.test', { endpointId: endpoint.id, message: 'A test event from the contacts API.' }, now(), endpoint.id),
    );
    webhooks.notify();
    return c.json(delivery, 202);
  });

  app.get('/webhook-endpoints/:id/deliveries', async (c) => {
    const accountId = accountOf(c);
    const endpoint = await requireEndpoint(c, accountId);
    const query = parseQuery(c, WebhookDeliveryQuery);
    const beforeId = query.cursor ? String(decodeCursor(query.cursor, 'webhook-deliveries')[1]) : undefined;
    const deliveries = await c.get('services').store.webhooks.listDeliveries(accountId, endpoint.id, { status: query.status, beforeId, limit: query.limit + 1 });
    const data = deliveries.slice(0, query.limit);
    const last = data.at(-1);
    return c.json({ data, nextCursor: deliveries.length > query.limit && last ? encodeCursor('webhook-deliveries', 0, last.id) : null });
  });

  app.post('/webhook-endpoints/:id/deliveries/:deliveryId/retry', async (c) => {
    const accountId = accountOf(c);
    const endpoint = await requireEndpoint(c, accountId);
    const { store, now, webhooks } = c.get('services');
    const delivery = await store.webhooks.retryNow(accountId, endpoint.id, c.req.param('deliveryId'), now());
    if (!delivery) throw notFound('delivery of this webhook endpoint');
    webhooks.notify();
    return c.json(delivery, 202);
  });

  return app;
}
