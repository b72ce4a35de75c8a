// What the webhook endpoints accept (api.md "Webhooks").
import * as z from 'zod/mini';
import { Cursor, PageLimit } from './common.js';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook-endpoint.js';

export const WEBHOOK_EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.opted_out',
  'contact.opted_in',
  'contact.consent_updated',
  'import.completed',
  'import.failed',
  'contacts.deleted_all',
  'webhook.test',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What an endpoint subscribes to: event types, or `["*"]` for all of them. */
export const WebhookEventFilter = z
  .array(z.union([WebhookEventType, z.literal('*')]))
  .check(
    z.minLength(1, 'Subscribe to at least one event type, or "*"'),
    z.maxLength(WEBHOOK_EVENT_TYPES.length + 1),
    z.refine((events: string[]) => new Set(events).size === events.length, 'Each event type once'),
  );

/** An absolute http(s) URL; the server also requires https and a public destination. */
export const WebhookUrl = z.string().check(
  z.trim(),
  z.maxLength(2048, 'The URL must be at most 2048 characters'),
  z.refine((value: string) => /^https?:\/\/[^/?#\s]+/i.test(value) && URL.canParse(value), 'Expected an absolute https:// URL'),
);

const Description = z.string().check(z.trim(), z.maxLength(500, 'The description must be at most 500 characters'));

export const WebhookEndpointCreateInput = z.object({
  url: WebhookUrl,
  events: WebhookEventFilter,
  description: z.optional(z.nullable(Description)),
});
export type WebhookEndpointCreateInput = z.input<typeof WebhookEndpointCreateInput>;

export const WebhookEndpointPatchInput = z.strictObject({
  url: z.optional(WebhookUrl),
  events: z.optional(WebhookEventFilter),
  description: z.optional(z.nullable(Description)),
  /** Back to `enabled` resets the failure count. */
  status: z.optional(WebhookEndpointStatus),
});
export type WebhookEndpointPatchInput = z.input<typeof WebhookEndpointPatchInput>;

export const WebhookSecretRotateInput = z.object({
  /** How long the old secret keeps signing beside the new one; default 86 400 (one day). */
  expiresInSeconds: z.optional(z.int().check(z.minimum(0), z.maximum(7 * 86_400))),
});
export type WebhookSecretRotateInput = z.input<typeof WebhookSecretRotateInput>;

export const WebhookEndpointQuery = z.object({ limit: PageLimit, cursor: z.optional(Cursor) });
export type WebhookEndpointQuery = z.input<typeof WebhookEndpointQuery>;

export const WebhookDeliveryQuery = z.object({
  status: z.optional(WebhookDeliveryStatus),
  limit: PageLimit,
  cursor: z.optional(Cursor),
});
export type WebhookDeliveryQuery = z.input<typeof WebhookDeliveryQuery>;

