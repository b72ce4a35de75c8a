import type { IdempotencyStore, StoredResponse } from '../types.js';
import { int, one, type Queryable } from './queryable.js';

/**
 * Idempotency keys shared by every instance: the first request inserts its key as
 * `running` (the primary key makes that atomic), so a retry through another instance sees
 * it and answers 409 until the first one has finished.
 */
/** A key still `running` after this long belongs to an instance that died mid-request: it is free again. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Queryable) {}

  async find(principal: string, key: string): Promise<StoredResponse | null> {
    const row = await one<{ fingerprint: string; state: 'running' | 'done'; status: number | null; headers: string | null; body: string | null; created_at: string }>(
      this.db,
      `SELECT fingerprint, state, status, headers, body, created_at FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    if (!row || (row.state === 'running' && int(row.created_at) < Date.now() - ABANDONED_AFTER_MS)) return null;
    return {
      fingerprint: row.fingerprint,
      state: row.state,
      status: row.status,
      headers: JSON.parse(row.headers ?? '{}') as Record<string, string>,
      body: row.body,
      createdAt: int(row.created_at),
    };
  }

  async start(principal: string, key: string, fingerprint: string, nowMs: number): Promise<boolean> {
    const result = await this.db.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, created_at) VALUES ($1, $2, $3, 'running', $4)
       ON CONFLICT (principal, key) DO UPDATE SET fingerprint = excluded.fingerprint, created_at = excluded.created_at
       WHERE idempotency_keys.state = 'running' AND idempotency_keys.created_at < $5`,
      [principal, key, fingerprint, nowMs, nowMs - ABANDONED_AFTER_MS],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async finish(principal: string, key: string, status: number, headers: Record<string, string>, body: string): Promise<void> {
    await this.db.query(`UPDATE idempotency_keys SET state = 'done', status = $1, headers = $2, body = $3 WHERE principal = $4 AND key = $5`, [
      status,
      JSON.stringify(headers),
      body,
      principal,
      key,
    ]);
  }

  async forget(principal: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2`, [principal, key]);
  }

  /**
   * Drops keys older than `cutoffMs`. No startup sweep of running keys here (`running` is
   * ignored): with several instances a running key belongs to a live request elsewhere.
   */
  async prune(cutoffMs: number): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE created_at < $1`, [cutoffMs]);
  }
}
