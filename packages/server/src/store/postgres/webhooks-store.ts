// Webhook endpoints, events and the delivery log on PostgreSQL. A delivery is leased to one
// instance at a time (owner, expiry); claims lock each endpoint row (FOR UPDATE SKIP LOCKED)
// so the per-endpoint limit holds across instances, and a dead instance's leases lapse.
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus } from '@contacts-manager/core/webhooks';
import { newId } from '../ids.js';
import { DELIVERY_COLUMNS, subscribes, toWebhookDelivery, toWebhookEndpoint, type WebhookDeliveryRow } from '../webhook-rows.js';
import type { AttemptOutcome, ClaimedDelivery, WebhookEndpointChanges, WebhookEndpointInput, WebhooksStore } from '../webhooks-store-types.js';
import type { RunInTransaction } from './imports-store.js';
import { all, int, one, type Queryable } from './queryable.js';

/** The migration that adds the webhook tables (appended to migrations.ts). */
export const WEBHOOK_TABLES_MIGRATION = `
CREATE TABLE webhook_endpoints (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  url text NOT NULL,
  events text NOT NULL,
  description text,
  status text NOT NULL DEFAULT 'enabled',
  disabled_reason text,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at bigint,
  failing_since bigint,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE TABLE webhook_events (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX webhook_events_by_age ON webhook_events (created_at);
CREATE TABLE webhook_deliveries (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  endpoint_id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL,
  attempts text NOT NULL DEFAULT '[]',
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at bigint,
  lease_owner text,
  lease_expires_at bigint,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due_by_endpoint ON webhook_deliveries (account_id, endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (account_id, endpoint_id, id);
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (created_at);
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
  previous_secret_expires_at: string | null;
  failing_since: string | null;
  created_at: string;
}






export class PostgresWebhooksStore implements WebhooksStore {
  constructor(
    private readonly db: Queryable,
    private readonly runInTransaction: RunInTransaction,
  ) {}

  async createEndpoint(accountId: string, input: WebhookEndpointInput, secret: string, nowMs: number): Promise<WebhookEndpoint> {
    const at = new Date(nowMs).toISOString();
    const row = await one<EndpointRow>(
      this.db,
      `INSERT INTO webhook_endpoints (account_id, id, url, events, description, secret, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [accountId, newId('we', nowMs), input.url, JSON.stringify(input.events), input.description, secret, at],
    );
    return toWebhookEndpoint(row!);
  }

  async getEndpoint(accountId: string, id: string): Promise<WebhookEndpoint | null> {
    const row = await one<EndpointRow>(this.db, `SELECT * FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, [accountId, id]);
    return row ? toWebhookEndpoint(row) : null;
  }

  async listEndpoints(accountId: string, afterId: string | null, limit: number): Promise<WebhookEndpoint[]> {
    return (await all<EndpointRow>(this.db, `SELECT * FROM webhook_endpoints WHERE account_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [accountId, afterId ?? '', limit])).map(toWebhookEndpoint);
  }

  async updateEndpoint(accountId: string, id: string, changes: WebhookEndpointChanges, nowMs: number): Promise<WebhookEndpoint | null> {
    const row = await one<EndpointRow>(
      this.db,
      `UPDATE webhook_endpoints SET
         url = coalesce($3, url),
         events = coalesce($4, events),
         description = CASE WHEN $5::boolean THEN $6 ELSE description END,
         failing_since = CASE WHEN $7::text = 'enabled' AND status = 'disabled' THEN NULL ELSE failing_since END,
         disabled_reason = CASE WHEN $7::text IS NULL THEN disabled_reason ELSE NULL END,
         status = coalesce($7, status),
         updated_at = $8
       WHERE account_id = $1 AND id = $2 RETURNING *`,
      [
        accountId,
        id,
        changes.url ?? null,
        changes.events ? JSON.stringify(changes.events) : null,
        changes.description !== undefined,
        changes.description ?? null,
        changes.status ?? null,
        new Date(nowMs).toISOString(),
      ],
    );
    return row ? toWebhookEndpoint(row) : null;
  }

  async deleteEndpoint(accountId: string, id: string): Promise<boolean> {
    return this.runInTransaction(async (db) => {
      const deleted = (await db.query(`DELETE FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, [accountId, id])).rowCount ?? 0;
      if (deleted > 0) await db.query(`DELETE FROM webhook_deliveries WHERE account_id = $1 AND endpoint_id = $2`, [accountId, id]);
      return deleted > 0;
    });
  }

  async rotateSecret(accountId: string, id: string, secret: string, previousExpiresAt: number): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $4 WHERE account_id = $1 AND id = $2`,
      [accountId, id, previousExpiresAt, secret],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async recordEvent(accountId: string, type: string, data: unknown, nowMs: number, onlyEndpointId?: string): Promise<WebhookDelivery[]> {
    const endpoints = onlyEndpointId
      ? await all<{ id: string; events: string }>(this.db, `SELECT id, events FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, [accountId, onlyEndpointId])
      : (await all<{ id: string; events: string }>(this.db, `SELECT id, events FROM webhook_endpoints WHERE account_id = $1 AND status = 'enabled'`, [accountId])).filter(
          (endpoint) => subscribes(endpoint.events, type),
        );
    if (endpoints.length === 0) return [];
    const eventId = newId('ev', nowMs);
    const body = JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
    await this.db.query(`INSERT INTO webhook_events (account_id, id, type, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [accountId, eventId, type, body, nowMs]);
    const deliveries: WebhookDelivery[] = [];
    for (const endpoint of endpoints) {
      const id = newId('wd', nowMs);
      await this.db.query(
        `INSERT INTO webhook_deliveries (account_id, id, endpoint_id, event_id, event_type, status, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)`,
        [accountId, id, endpoint.id, eventId, type, nowMs],
      );
      const at = new Date(nowMs).toISOString();
      deliveries.push({ id, eventId, eventType: type, status: 'pending', attempts: [], nextAttemptAt: at, createdAt: at });
    }
    return deliveries;
  }

  async getDelivery(accountId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const row = await one<WebhookDeliveryRow>(this.db, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE account_id = $1 AND id = $2 AND endpoint_id = $3`, [
      accountId,
      deliveryId,
      endpointId,
    ]);
    return row ? toWebhookDelivery(row) : null;
  }

  async listDeliveries(
    accountId: string,
    endpointId: string,
    filter: { status?: WebhookDeliveryStatus | undefined; beforeId?: string | undefined; limit: number },
  ): Promise<WebhookDelivery[]> {
    return (
      await all<WebhookDeliveryRow>(
        this.db,
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE account_id = $1 AND endpoint_id = $2 AND id < $3 AND ($4::text IS NULL OR status = $4)
         ORDER BY id DESC LIMIT $5`,
        [accountId, endpointId, filter.beforeId ?? '~', filter.status ?? null, filter.limit],
      )
    ).map(toWebhookDelivery);
  }

  async retryNow(accountId: string, endpointId: string, deliveryId: string, nowMs: number): Promise<WebhookDelivery | null> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4
       WHERE account_id = $1 AND id = $2 AND endpoint_id = $3 AND (lease_owner IS NULL OR lease_expires_at <= $4)`,
      [accountId, deliveryId, endpointId, nowMs],
    );
    return this.getDelivery(accountId, endpointId, deliveryId);
  }

  async claimDue(owner: string, nowMs: number, leaseMs: number, limit: number, perEndpoint: number): Promise<ClaimedDelivery[]> {
    return this.runInTransaction(async (db) => {
      // Locking the endpoint rows makes the per-endpoint limit exact across instances; an
      // endpoint another instance is claiming for is skipped, not waited for.
      const endpoints = await all<EndpointRow>(
        db,
        `SELECT e.* FROM webhook_endpoints e WHERE e.status = 'enabled' AND EXISTS (
           SELECT 1 FROM webhook_deliveries d
           WHERE d.account_id = e.account_id AND d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= $1)
         FOR UPDATE SKIP LOCKED`,
        [nowMs],
      );
      const claimed: ClaimedDelivery[] = [];
      for (const endpoint of endpoints) {
        const inFlight = await one<{ n: string }>(
          db,
          `SELECT count(*) AS n FROM webhook_deliveries
           WHERE account_id = $1 AND endpoint_id = $2 AND status = 'pending' AND lease_owner IS NOT NULL AND lease_expires_at > $3`,
          [endpoint.account_id, endpoint.id, nowMs],
        );
        const room = Math.min(perEndpoint - int(inFlight?.n), limit - claimed.length);
        if (room <= 0) continue;
        const rows = await all<{ id: string; event_id: string; attempt_count: number; body: string }>(
          db,
          `WITH due AS (
             SELECT account_id, id FROM webhook_deliveries
             WHERE account_id = $1 AND endpoint_id = $2 AND status = 'pending' AND next_attempt_at <= $3 AND (lease_owner IS NULL OR lease_expires_at <= $3)
             ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED
           )
           UPDATE webhook_deliveries d SET lease_owner = $5, lease_expires_at = $6
           FROM due, webhook_events ev
           WHERE d.account_id = due.account_id AND d.id = due.id AND ev.account_id = d.account_id AND ev.id = d.event_id
           RETURNING d.id, d.event_id, d.attempt_count, ev.body`,
          [endpoint.account_id, endpoint.id, nowMs, room, owner, nowMs + leaseMs],
        );
        const previousLive = endpoint.previous_secret !== null && int(endpoint.previous_secret_expires_at) > nowMs;
        const secrets = previousLive ? [endpoint.secret, endpoint.previous_secret!] : [endpoint.secret];
        for (const row of rows) {
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
    });
  }

  async completeAttempt(owner: string, accountId: string, deliveryId: string, outcome: AttemptOutcome, nowMs: number, disableAfterMs: number): Promise<boolean> {
    return this.runInTransaction(async (db) => {
      const row = await one<{ endpoint_id: string; attempts: string }>(
        db,
        `SELECT endpoint_id, attempts FROM webhook_deliveries WHERE account_id = $1 AND id = $2 AND lease_owner = $3 FOR UPDATE`,
        [accountId, deliveryId, owner],
      );
      if (!row) return false;
      const attempts = [...(JSON.parse(row.attempts) as WebhookAttempt[]), outcome.attempt];
      const status: WebhookDeliveryStatus = outcome.ok ? 'succeeded' : outcome.nextAttemptAt === null ? 'failed' : 'pending';
      await db.query(
        `UPDATE webhook_deliveries SET status = $3, attempts = $4, attempt_count = attempt_count + 1, next_attempt_at = $5, lease_owner = NULL, lease_expires_at = NULL
         WHERE account_id = $1 AND id = $2`,
        [accountId, deliveryId, status, JSON.stringify(attempts), outcome.ok ? null : outcome.nextAttemptAt],
      );
      if (outcome.ok) {
        await db.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE account_id = $1 AND id = $2 AND failing_since IS NOT NULL`, [accountId, row.endpoint_id]);
      } else {
        await db.query(
          `UPDATE webhook_endpoints SET
             failing_since = coalesce(failing_since, $3),
             status = CASE WHEN status = 'enabled' AND coalesce(failing_since, $3) <= $4 THEN 'disabled' ELSE status END,
             disabled_reason = CASE WHEN status = 'enabled' AND coalesce(failing_since, $3) <= $4 THEN $5 ELSE disabled_reason END
           WHERE account_id = $1 AND id = $2`,
          [
            accountId,
            row.endpoint_id,
            nowMs,
            nowMs - disableAfterMs,
            `Every delivery failed for ${Math.round(disableAfterMs / 86_400_000)} days; re-enable the endpoint once it answers again.`,
          ],
        );
      }
      return true;
    });
  }

  async nextDueAt(): Promise<number | null> {
    const row = await one<{ at: string | null }>(this.db, `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'`);
    return row?.at === null || row?.at === undefined ? null : int(row.at);
  }

  async prune(cutoffMs: number): Promise<number> {
    const deleted = (await this.db.query(`DELETE FROM webhook_deliveries WHERE created_at < $1`, [cutoffMs])).rowCount ?? 0;
    await this.db.query(
      `DELETE FROM webhook_events ev WHERE ev.created_at < $1
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.account_id = ev.account_id AND d.event_id = ev.id)`,
      [cutoffMs],
    );
    return deleted;
  }
}
