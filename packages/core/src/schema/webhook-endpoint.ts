// Webhook endpoints and their delivery log as the API answers them (api.md "Webhooks"). Inputs
// are in webhook-endpoint-input.ts, so the SDK's main entry carries only what it validates.
import * as z from 'zod/mini';
import { Timestamp, pageOf } from './common.js';

const prefixedId = (prefix: string, what: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}_[0-9A-Za-z]{10,40}$`), `Expected ${what} id (${prefix}_…)`));

export const WebhookEndpointId = prefixedId('we', 'a webhook endpoint');
export const WebhookDeliveryId = prefixedId('wd', 'a webhook delivery');
/** The event's id: the `webhook-id` header, the same on every retry. */
export const WebhookEventId = prefixedId('ev', 'a webhook event');

export const WebhookEndpointStatus = z.enum(['enabled', 'disabled']);
export type WebhookEndpointStatus = z.infer<typeof WebhookEndpointStatus>;

export const WebhookEndpoint = z.object({
  id: WebhookEndpointId,
  url: z.string(),
  events: z.array(z.string()),
  description: z.nullable(z.string()),
  status: WebhookEndpointStatus,
  /** Why the server disabled it (5 days of nothing but failures); absent when enabled by hand. */
  disabledReason: z.optional(z.string()),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** `whsec_` + base64 of the key bytes: shown only on creation and rotation. */
export const WebhookSecret = z.string().check(z.regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'Expected a whsec_ secret'));

export const WebhookEndpointWithSecret = z.extend(WebhookEndpoint, { secret: WebhookSecret });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookSecretRotation = z.object({ secret: WebhookSecret });
export type WebhookSecretRotation = z.infer<typeof WebhookSecretRotation>;

export const WebhookEndpointPage = pageOf(WebhookEndpoint);
export type WebhookEndpointPage = z.infer<typeof WebhookEndpointPage>;

export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookAttempt = z.object({
  at: Timestamp,
  /** The receiver's HTTP status; null when no answer came (timeout, refused, dropped). */
  responseStatus: z.nullable(z.int()),
  error: z.nullable(z.string()),
  durationMs: z.int().check(z.minimum(0)),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z.object({
  id: WebhookDeliveryId,
  eventId: WebhookEventId,
  eventType: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.array(WebhookAttempt),
  /** When the next attempt is due; null once it succeeded or failed for good. */
  nextAttemptAt: z.nullable(Timestamp),
  createdAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryPage = pageOf(WebhookDelivery);
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>;
