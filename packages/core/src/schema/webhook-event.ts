// The body of every webhook POST: `{type, timestamp, data}` (api.md "Webhooks"). Order is
// not guaranteed: a contact's `version` lets a receiver drop an update that arrives late.
import * as z from 'zod/mini';
import { Contact } from './contact.js';
import { ImportCounts } from './import.js';
import { JobError } from './job.js';
import type { WebhookEventType } from './webhook-endpoint-input.js';

/** What `contact.deleted` carries: enough to find the record in the receiver's system. */
export const DeletedContactSummary = z.object({ id: z.string(), phone: z.string(), email: z.nullable(z.string()) });
export type DeletedContactSummary = z.infer<typeof DeletedContactSummary>;

export const ImportCompletedSummary = z.object({
  importId: z.string(),
  jobId: z.string(),
  listId: z.nullable(z.string()),
  counts: ImportCounts,
});
export type ImportCompletedSummary = z.infer<typeof ImportCompletedSummary>;

export const ImportFailedSummary = z.object({ importId: z.string(), jobId: z.string(), error: JobError });
export type ImportFailedSummary = z.infer<typeof ImportFailedSummary>;

export const DeletedAllSummary = z.object({ jobId: z.string(), deleted: z.int().check(z.minimum(0)) });
export type DeletedAllSummary = z.infer<typeof DeletedAllSummary>;

export const WebhookTestData = z.object({ endpointId: z.string(), message: z.string() });
export type WebhookTestData = z.infer<typeof WebhookTestData>;

/** The `data` of each event type. */
export interface WebhookEventDataMap {
  'contact.created': Contact;
  'contact.updated': Contact;
  'contact.deleted': DeletedContactSummary;
  'contact.opted_out': Contact;
  'contact.opted_in': Contact;
  'contact.consent_updated': Contact;
  'import.completed': ImportCompletedSummary;
  'import.failed': ImportFailedSummary;
  'contacts.deleted_all': DeletedAllSummary;
  'webhook.test': WebhookTestData;
}

/** One event as a receiver gets it; narrow on `type` to type `data`. */
export type WebhookEvent = {
  [Type in WebhookEventType]: { type: Type; timestamp: string; data: WebhookEventDataMap[Type] };
}[WebhookEventType];

/**
 * The envelope every event shares. Only the envelope is checked on receipt: a receiver built
 * against this version keeps accepting event types added later.
 */
export const WebhookEventEnvelope = z.object({
  type: z.string().check(z.minLength(1)),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
});
