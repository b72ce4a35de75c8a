// Row mapping shared by the SQLite and PostgreSQL webhook stores: the columns are the same on
// both; only how a millisecond timestamp arrives differs (a number, or a bigint as text).
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointStatus,
} from '@contacts-manager/core/webhooks';

type Millis = number | string;

export interface WebhookEndpointRowFields {
  id: string;
  url: string;
  events: string;
  description: string | null;
  status: WebhookEndpointStatus;
  disabled_reason: string | null;
  created_at: string;
}

export interface WebhookDeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: string;
  next_attempt_at: Millis | null;
  created_at: Millis;
}

export const DELIVERY_COLUMNS =
  'id, event_id, event_type, status, attempts, next_attempt_at, created_at';

export const toWebhookEndpoint = (row: WebhookEndpointRowFields): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  description: row.description,
  status: row.status,
  ...(row.disabled_reason ? { disabledReason: row.disabled_reason } : {}),
  createdAt: row.created_at,
});

export const toWebhookDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: JSON.parse(row.attempts) as WebhookAttempt[],
  nextAttemptAt:
    row.status === 'pending' && row.next_attempt_at !== null
      ? new Date(Number(row.next_attempt_at)).toISOString()
      : null,
  createdAt: new Date(Number(row.created_at)).toISOString(),
});

/** Whether an endpoint's event list takes `type`; `*` takes every event but the test event. */
export function subscribes(events: string, type: string): boolean {
  const list = JSON.parse(events) as string[];
  return list.includes(type) || (list.includes('*') && type !== 'webhook.test');
}
