// Webhook endpoints, events and the delivery log on SQLite. Each delivery carries its own
// lease (owner, expiry), so a delivery is sent by one worker at a time and one whose worker
// died is taken over once the lease runs out.
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus } from '@contacts-manager/core/webhooks';
import { newId } from '../ids.js';
import { DELIVERY_COLUMNS, subscribes, toWebhookDelivery, toWebhookEndpoint, type WebhookDeliveryRow } from '../webhook-rows.js';
import type { AttemptOutcome, ClaimedDelivery, WebhookEndpointChanges, WebhookEndpointInput, WebhooksStore } from '../webhooks-store-types.js';
import type { SqliteDatabase } from './open-database.js';
import type { Synchronous } from './synchronous.js';
import type { StatementCache } from './statement-cache.js';


/** Created on first use, so the webhook tables need no slot in the numbered migrations. */
export const WEBHOOK_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS webhook_endpoints (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'enabled',
  disabled_reason TEXT,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_expires_at INTEGER,
  failing_since INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE TABLE IF NOT EXISTS webhook_events (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX IF NOT EXISTS webhook_events_by_age ON webhook_events(created_at);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts TEXT NOT NULL DEFAULT '[]',
  attempt_count INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_due_by_endpoint ON webhook_deliveries(account_id, endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_leased ON webhook_deliveries(account_id, endpoint_id, lease_expires_at) WHERE status = 'pending' AND lease_owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint ON webhook_deliveries(account_id, endpoint_id, id);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_age ON webhook_deliveries(created_at);
`;

interface EndpointRow {
  account_id: string;
  id: string;
  url: string;
  events: string;
  description: string | null;
  status: WebhookEndpointStatus;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  failing_since: number | null;
  created_at: string;
}






export class SqliteWebhooksStore implements Synchronous<WebhooksStore> {
  constructor(
    private readonly sql: StatementCache,
    db: SqliteDatabase,
  ) {
    db.exec(WEBHOOK_TABLES_SQL);
  }

  createEndpoint(accountId: string, input: WebhookEndpointInput, secret: string, nowMs: number): WebhookEndpoint {
    const id = newId('we', nowMs);
    const at = new Date(nowMs).toISOString();
    this.sql
      .get(`INSERT INTO webhook_endpoints (account_id, id, url, events, description, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(accountId, id, input.url, JSON.stringify(input.events), input.description, secret, at, at);
    return this.getEndpoint(accountId, id)!;
  }

  private endpointRow(accountId: string, id: string): EndpointRow | undefined {
    return this.sql.get<[string, string], EndpointRow>(`SELECT * FROM webhook_endpoints WHERE account_id = ? AND id = ?`).get(accountId, id);
  }

  getEndpoint(accountId: string, id: string): WebhookEndpoint | null {
    const row = this.endpointRow(accountId, id);
    return row ? toWebhookEndpoint(row) : null;
  }

  listEndpoints(accountId: string, afterId: string | null, limit: number): WebhookEndpoint[] {
    return this.sql
      .get<[string, string, number], EndpointRow>(`SELECT * FROM webhook_endpoints WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?`)
      .all(accountId, afterId ?? '', limit)
      .map(toWebhookEndpoint);
  }

  updateEndpoint(accountId: string, id: string, changes: WebhookEndpointChanges, nowMs: number): WebhookEndpoint | null {
    const row = this.endpointRow(accountId, id);
    if (!row) return null;
    const reenabled = changes.status === 'enabled' && row.status === 'disabled';
    const status = changes.status ?? row.status;
    this.sql
      .get(
        `UPDATE webhook_endpoints SET url = ?, events = ?, description = ?, status = ?, disabled_reason = ?, failing_since = ?, updated_at = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(
        changes.url ?? row.url,
        changes.events ? JSON.stringify(changes.events) : row.events,
        changes.description !== undefined ? changes.description : row.description,
        status,
        status === 'enabled' ? null : changes.status === 'disabled' ? null : row.disabled_reason,
        reenabled ? null : row.failing_since,
        new Date(nowMs).toISOString(),
        accountId,
        id,
      );
    return this.getEndpoint(accountId, id);
  }

  deleteEndpoint(accountId: string, id: string): boolean {
    const deleted = this.sql.get(`DELETE FROM webhook_endpoints WHERE account_id = ? AND id = ?`).run(accountId, id).changes > 0;
    if (deleted) this.sql.get(`DELETE FROM webhook_deliveries WHERE account_id = ? AND endpoint_id = ?`).run(accountId, id);
    return deleted;
  }

  rotateSecret(accountId: string, id: string, secret: string, previousExpiresAt: number): boolean {
    return (
      this.sql
        .get(`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = ?, secret = ? WHERE account_id = ? AND id = ?`)
        .run(previousExpiresAt, secret, accountId, id).changes > 0
    );
  }

  recordEvent(accountId: string, type: string, data: unknown, nowMs: number, onlyEndpointId?: string): WebhookDelivery[] {
    const endpoints = onlyEndpointId
      ? this.sql.get<[string, string], { id: string; events: string }>(`SELECT id, events FROM webhook_endpoints WHERE account_id = ? AND id = ?`).all(accountId, onlyEndpointId)
      : this.sql
          .get<[string], { id: string; events: string }>(`SELECT id, events FROM webhook_endpoints WHERE account_id = ? AND status = 'enabled'`)
          .all(accountId)
          .filter((endpoint) => subscribes(endpoint.events, type));
    if (endpoints.length === 0) return [];
    const eventId = newId('ev', nowMs);
    const body = JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
    this.sql.get(`INSERT INTO webhook_events (account_id, id, type, body, created_at) VALUES (?, ?, ?, ?, ?)`).run(accountId, eventId, type, body, nowMs);
    const insert = this.sql.get(
      `INSERT INTO webhook_deliveries (account_id, id, endpoint_id, event_id, event_type, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    return endpoints.map((endpoint) => {
      const id = newId('wd', nowMs);
      insert.run(accountId, id, endpoint.id, eventId, type, nowMs, nowMs);
      return { id, eventId, eventType: type, status: 'pending', attempts: [], nextAttemptAt: new Date(nowMs).toISOString(), createdAt: new Date(nowMs).toISOString() };
    });
  }

  getDelivery(accountId: string, endpointId: string, deliveryId: string): WebhookDelivery | null {
    const row = this.sql
      .get<[string, string, string], WebhookDeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE account_id = ? AND id = ? AND endpoint_id = ?`)
      .get(accountId, deliveryId, endpointId);
    return row ? toWebhookDelivery(row) : null;
  }

  listDeliveries(
    accountId: string,
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus | undefined; beforeId?: string | undefined; limit: number },
  ): WebhookDelivery[] {
    const status = filter.status ? 'AND status = ?' : '';
    const params: unknown[] = [accountId, endpointId, filter.beforeId ?? '~', ...(filter.status ? [filter.status] : []), filter.limit];
    return this.sql
      .get<unknown[], WebhookDeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE account_id = ? AND endpoint_id = ? AND id < ? ${status} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params)
      .map(toWebhookDelivery);
  }

  retryNow(accountId: string, endpointId: string, deliveryId: string, nowMs: number): WebhookDelivery | null {
    this.sql
      .get(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE account_id = ? AND id = ? AND endpoint_id = ? AND (lease_owner IS NULL OR lease_expires_at <= ?)`,
      )
      .run(nowMs, accountId, deliveryId, endpointId, nowMs);
    return this.getDelivery(accountId, endpointId, deliveryId);
  }

  claimDue(owner: string, nowMs: number, leaseMs: number, limit: number, perEndpoint: number): ClaimedDelivery[] {
    return this.sql.db.transaction(() => {
      // Endpoint by endpoint, each with at most `perEndpoint` in flight, so a hanging receiver
      // holds a few slots and never the whole queue. Every step is an index probe, so a large
      // backlog costs nothing per claim.
      const endpoints = this.sql
        .get<[number], EndpointRow>(
          `SELECT e.* FROM webhook_endpoints e WHERE e.status = 'enabled' AND EXISTS (
             SELECT 1 FROM webhook_deliveries d
             WHERE d.account_id = e.account_id AND d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= ?)`,
        )
        .all(nowMs);
      const inFlight = this.sql.get<[string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM webhook_deliveries
         WHERE account_id = ? AND endpoint_id = ? AND status = 'pending' AND lease_owner IS NOT NULL AND lease_expires_at > ?`,
      );
      const due = this.sql.get<[string, string, number, number, number], { id: string; event_id: string; attempt_count: number; body: string }>(
        `SELECT d.id, d.event_id, d.attempt_count, ev.body FROM webhook_deliveries d
         JOIN webhook_events ev ON ev.account_id = d.account_id AND ev.id = d.event_id
         WHERE d.account_id = ? AND d.endpoint_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
           AND (d.lease_owner IS NULL OR d.lease_expires_at <= ?)
         ORDER BY d.next_attempt_at LIMIT ?`,
      );
      const lease = this.sql.get(`UPDATE webhook_deliveries SET lease_owner = ?, lease_expires_at = ? WHERE account_id = ? AND id = ?`);
      const claimed: ClaimedDelivery[] = [];
      for (const endpoint of endpoints) {
        const room = Math.min(perEndpoint - inFlight.get(endpoint.account_id, endpoint.id, nowMs)!.n, limit - claimed.length);
        if (room <= 0) continue;
        const previousLive = endpoint.previous_secret !== null && (endpoint.previous_secret_expires_at ?? 0) > nowMs;
        const secrets = previousLive ? [endpoint.secret, endpoint.previous_secret!] : [endpoint.secret];
        for (const row of due.all(endpoint.account_id, endpoint.id, nowMs, nowMs, room)) {
          lease.run(owner, nowMs + leaseMs, endpoint.account_id, row.id);
          claimed.push({
            id: row.id,
            accountId: endpoint.account_id,
            endpointId: endpoint.id,
            eventId: row.event_id,
            url: endpoint.url,
            secrets,
            body: row.body,
            attemptsMade: row.attempt_count,
          });
        }
        if (claimed.length >= limit) break;
      }
      return claimed;
    })();
  }

  completeAttempt(owner: string, accountId: string, deliveryId: string, outcome: AttemptOutcome, nowMs: number, disableAfterMs: number): boolean {
    return this.sql.db.transaction(() => {
      const row = this.sql
        .get<[string, string, string], { account_id: string; endpoint_id: string; attempts: string }>(
          `SELECT account_id, endpoint_id, attempts FROM webhook_deliveries WHERE account_id = ? AND id = ? AND lease_owner = ?`,
        )
        .get(accountId, deliveryId, owner);
      if (!row) return false;
      const attempts = [...(JSON.parse(row.attempts) as WebhookAttempt[]), outcome.attempt];
      const status: WebhookDeliveryStatus = outcome.ok ? 'succeeded' : outcome.nextAttemptAt === null ? 'failed' : 'pending';
      this.sql
        .get(
          `UPDATE webhook_deliveries SET status = ?, attempts = ?, attempt_count = attempt_count + 1, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL
           WHERE account_id = ? AND id = ?`,
        )
        .run(status, JSON.stringify(attempts), outcome.ok ? null : outcome.nextAttemptAt, row.account_id, deliveryId);
      if (outcome.ok) {
        this.sql.get(`UPDATE webhook_endpoints SET failing_since = NULL WHERE account_id = ? AND id = ? AND failing_since IS NOT NULL`).run(row.account_id, row.endpoint_id);
      } else {
        this.sql
          .get(`UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ?) WHERE account_id = ? AND id = ?`)
          .run(nowMs, row.account_id, row.endpoint_id);
        this.sql
          .get(
            `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = ?, updated_at = ?
             WHERE account_id = ? AND id = ? AND status = 'enabled' AND failing_since <= ?`,
          )
          .run(
            `Every delivery failed for ${Math.round(disableAfterMs / 86_400_000)} days; re-enable the endpoint once it answers again.`,
            new Date(nowMs).toISOString(),
            row.account_id,
            row.endpoint_id,
            nowMs - disableAfterMs,
          );
      }
      return true;
    })();
  }

  /**
   * At start: one process owns a SQLite database, so every lease left is a dead process's and
   * its deliveries are due again now rather than when the lease would run out.
   */
  releaseAllLeases(): number {
    return this.sql.get(`UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL WHERE status = 'pending' AND lease_owner IS NOT NULL`).run().changes;
  }

  nextDueAt(): number | null {
    // The head of the due index: one probe, however long the backlog.
    return this.sql.get<[], { at: number | null }>(`SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'`).get()?.at ?? null;
  }

  prune(cutoffMs: number): number {
    const deleted = this.sql.get(`DELETE FROM webhook_deliveries WHERE created_at < ?`).run(cutoffMs).changes;
    this.sql
      .get(`DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.account_id = webhook_events.account_id AND d.event_id = webhook_events.id)`)
      .run(cutoffMs);
    return deleted;
  }
}
