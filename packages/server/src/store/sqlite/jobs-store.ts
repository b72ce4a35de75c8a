import type { Job, JobError, JobKind, JobStatus } from '@contacts-manager/core/schema';
import { newId } from '../ids.js';
import type { ClaimedJob, JobFields, JobsStore } from '../types.js';
import type { Synchronous } from './synchronous.js';
import type { StatementCache } from './statement-cache.js';

interface JobRow {
  id: string;
  account_rid: number;
  kind: JobKind;
  status: JobStatus;
  done: number;
  total: number;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  payload: string | null;
  attempts: number;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  progress: { done: row.done, total: row.total },
  ...(row.result ? { result: JSON.parse(row.result) as Record<string, unknown> } : {}),
  ...(row.error ? { error: JSON.parse(row.error) as JobError } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class SqliteJobsStore implements Synchronous<JobsStore> {
  constructor(private readonly sql: StatementCache) {}

  get(accountId: string, id: string): Job | null {
    const row = this.sql.get<[string, number], JobRow>(`SELECT * FROM jobs WHERE id = ? AND account_rid = ?`).get(id, this.sql.accountRid(accountId));
    return row ? toJob(row) : null;
  }

  create(accountId: string, kind: JobKind, total: number, payload: Record<string, unknown> = {}): Job {
    const now = new Date().toISOString();
    const id = newId('jb');
    this.sql
      .get(`INSERT INTO jobs (id, account_rid, kind, status, done, total, payload, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?)`)
      .run(id, this.sql.accountRid(accountId), kind, total, JSON.stringify(payload), now, now);
    return this.get(accountId, id)!;
  }

  private setClause(fields: JobFields): { sets: string[]; params: unknown[] } {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [new Date().toISOString()];
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (fields.status) set('status', fields.status);
    if (fields.done !== undefined) set('done', fields.done);
    if (fields.total !== undefined) set('total', fields.total);
    if (fields.result !== undefined) set('result', JSON.stringify(fields.result));
    if (fields.error) set('error', JSON.stringify(fields.error));
    return { sets, params };
  }

  update(id: string, fields: JobFields): void {
    const { sets, params } = this.setClause(fields);
    this.sql.get(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  }

  findActive(accountId: string, kind: JobKind): Job | null {
    const row = this.sql
      .get<[number, string], JobRow>(`SELECT * FROM jobs WHERE account_rid = ? AND kind = ? AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1`)
      .get(this.sql.accountRid(accountId), kind);
    return row ? toJob(row) : null;
  }

  claim(owner: string, leaseMs: number, nowMs: number): ClaimedJob | null {
    return this.sql.db.transaction((): ClaimedJob | null => {
      const row = this.sql
        .get<[number], JobRow>(
          `SELECT * FROM jobs WHERE status = 'queued' OR (status = 'running' AND lease_expires_at < ?) ORDER BY created_at, id LIMIT 1`,
        )
        .get(nowMs);
      if (!row) return null;
      this.sql
        .get(`UPDATE jobs SET status = 'running', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`)
        .run(owner, nowMs + leaseMs, new Date(nowMs).toISOString(), row.id);
      const claimed = this.sql.get<[string], JobRow & { account_id: string }>(`SELECT j.*, a.id AS account_id FROM jobs j JOIN accounts a ON a.rid = j.account_rid WHERE j.id = ?`).get(row.id)!;
      return { job: toJob(claimed), accountId: claimed.account_id, payload: JSON.parse(claimed.payload ?? '{}') as Record<string, unknown>, attempt: claimed.attempts };
    }).immediate();
  }

  renewLease(id: string, owner: string, leaseMs: number, nowMs: number): boolean {
    return (
      this.sql.get(`UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND status = 'running'`).run(nowMs + leaseMs, id, owner).changes > 0
    );
  }

  finish(id: string, owner: string, fields: JobFields & { status: 'succeeded' | 'failed' }): boolean {
    const { sets, params } = this.setClause(fields);
    return (
      this.sql
        .get(`UPDATE jobs SET ${sets.join(', ')}, lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'`)
        .run(...params, id, owner).changes > 0
    );
  }

  release(id: string, owner: string): void {
    this.sql.get(`UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND status = 'running'`).run(id, owner);
  }

  /**
   * One process serves a SQLite file, so at its start every lease is its previous run's:
   * they lapse at once and the jobs are taken up again.
   */
  expireAllLeases(): void {
    this.sql.get(`UPDATE jobs SET lease_expires_at = 0 WHERE status = 'running'`).run();
  }
}
