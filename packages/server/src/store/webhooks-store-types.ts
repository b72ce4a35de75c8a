// The storage contract of webhooks: endpoints, the events they are owed and the delivery
// log, with a lease per delivery so that any instance sends it and a dead instance's
// deliveries are taken over once their lease expires.
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus } from '@contacts-manager/core/webhooks';

export interface WebhookEndpointInput {
  url: string;
  events: string[];
  description: string | null;
}

export interface WebhookEndpointChanges {
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | null | undefined;
  status?: WebhookEndpointStatus | undefined;
}

/** A delivery handed to one worker until `leaseExpiresAt`. */
export interface ClaimedDelivery {
  id: string;
  accountId: string;
  endpointId: string;
  eventId: string;
  url: string;
  /** Every secret that signs it now: the current one, and the previous one during a rotation. */
  secrets: string[];
  /** The exact body to send (the same bytes on every attempt). */
  body: string;
  /** Attempts made before this one. */
  attemptsMade: number;
}

export interface AttemptOutcome {
  attempt: WebhookAttempt;
  ok: boolean;
  /** When to try again after a failure; null: the delivery has failed for good. */
  nextAttemptAt: number | null;
}

export interface WebhooksStore {
  createEndpoint(accountId: string, input: WebhookEndpointInput, secret: string, nowMs: number): Promise<WebhookEndpoint>;
  getEndpoint(accountId: string, id: string): Promise<WebhookEndpoint | null>;
  /** Oldest first, after the id `afterId`. */
  listEndpoints(accountId: string, afterId: string | null, limit: number): Promise<WebhookEndpoint[]>;
  /** Re-enabling clears the failure streak and the reason. Null when there is no such endpoint. */
  updateEndpoint(accountId: string, id: string, changes: WebhookEndpointChanges, nowMs: number): Promise<WebhookEndpoint | null>;
  /** The endpoint and its delivery log go. */
  deleteEndpoint(accountId: string, id: string): Promise<boolean>;
  /** The new secret signs from now on; the old one too until `previousExpiresAt`. */
  rotateSecret(accountId: string, id: string, secret: string, previousExpiresAt: number): Promise<boolean>;

  /**
   * Records an event and a pending delivery for each enabled endpoint of the account that
   * subscribes to its type (or for `onlyEndpointId`). Called inside the transaction of the
   * change that caused it, so the event exists exactly when the change does. Returns the
   * deliveries created (none when nobody listens: nothing is stored then).
   */
  recordEvent(accountId: string, type: string, data: unknown, nowMs: number, onlyEndpointId?: string): Promise<WebhookDelivery[]>;

  getDelivery(accountId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery | null>;
  /** Newest first; `beforeId` continues a page. */
  listDeliveries(accountId: string, endpointId: string, filter: { status?: WebhookDeliveryStatus | undefined; beforeId?: string | undefined; limit: number }): Promise<WebhookDelivery[]>;
  /** Makes the delivery due now (a failed one becomes pending again). */
  retryNow(accountId: string, endpointId: string, deliveryId: string, nowMs: number): Promise<WebhookDelivery | null>;

  /**
   * Leases up to `limit` due deliveries of enabled endpoints to `owner` until
   * `nowMs + leaseMs`: pending, due, and not leased (or whose lease expired, its worker
   * having died). At most `perEndpoint` deliveries of one endpoint are leased at a time.
   */
  claimDue(owner: string, nowMs: number, leaseMs: number, limit: number, perEndpoint: number): Promise<ClaimedDelivery[]>;
  /**
   * Records an attempt of a delivery leased to `owner` and releases it; keeps the endpoint's
   * failure streak, and disables the endpoint after `disableAfterMs` of nothing but failures.
   * False when the lease was lost (another worker took the delivery over).
   */
  completeAttempt(owner: string, accountId: string, deliveryId: string, outcome: AttemptOutcome, nowMs: number, disableAfterMs: number): Promise<boolean>;
  /**
   * The earliest `next_attempt_at` of a pending delivery (null: none). It may be past (a
   * delivery in flight, or held by a disabled endpoint): a worker then waits for its poll.
   */
  nextDueAt(): Promise<number | null>;
  /** Drops deliveries created before `cutoffMs`, whatever their state, and the events nobody is owed any more. */
  prune(cutoffMs: number): Promise<number>;
}
