import type { IdempotencyStore, StoredResponse } from '../types.js';
import type { Synchronous } from './synchronous.js';
import type { StatementCache } from './statement-cache.js';

interface KeyRow {
  fingerprint: string;
  state: 'running' | 'done';
  status: number | null;
  headers: string | null;
  body: string | null;
  created_at: number;
}

export class SqliteIdempotencyStore implements Synchronous<IdempotencyStore> {
  constructor(private readonly sql: StatementCache) {}

  find(principal: string, key: string): StoredResponse | null {
    const row = this.sql
      .get<[string, string], KeyRow>(`SELECT fingerprint, state, status, headers, body, created_at FROM idempotency_keys WHERE principal = ? AND key = ?`)
      .get(principal, key);
    if (!row) return null;
    return {
      fingerprint: row.fingerprint,
      state: row.state,
      status: row.status,
      headers: JSON.parse(row.headers ?? '{}') as Record<string, string>,
      body: row.body,
      createdAt: row.created_at,
    };
  }

  start(principal: string, key: string, fingerprint: string, nowMs: number): boolean {
    return (
      this.sql
        .get(`INSERT OR IGNORE INTO idempotency_keys (principal, key, fingerprint, state, created_at) VALUES (?, ?, ?, 'running', ?)`)
        .run(principal, key, fingerprint, nowMs).changes > 0
    );
  }

  finish(principal: string, key: string, status: number, headers: Record<string, string>, body: string): void {
    this.sql
      .get(`UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ? WHERE principal = ? AND key = ?`)
      .run(status, JSON.stringify(headers), body, principal, key);
  }

  forget(principal: string, key: string): void {
    this.sql.get(`DELETE FROM idempotency_keys WHERE principal = ? AND key = ?`).run(principal, key);
  }

  prune(cutoffMs: number, running = false): void {
    this.sql.get(`DELETE FROM idempotency_keys WHERE created_at < ?${running ? ` OR state = 'running'` : ''}`).run(cutoffMs);
  }
}
