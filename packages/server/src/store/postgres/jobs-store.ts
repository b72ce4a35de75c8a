import type { Job, JobError, JobKind, JobStatus } from '@contacts-manager/core/schema';
import { newId } from '../ids.js';
import type { ClaimedJob, JobFields, JobsStore } from '../types.js';
import { int, one, type Queryable } from './queryable.js';

interface JobRow {
  id: string;
  account_id: string;
  kind: JobKind;
  status: JobStatus;
  done: string;
  total: string;
  result: string | null;
  error: string | null;
  payload: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  progress: { done: int(row.done), total: int(row.total) },
  ...(row.result ? { result: JSON.parse(row.result) as Record<string, unknown> } : {}),
  ...(row.error ? { error: JSON.parse(row.error) as JobError } : {}),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function setClause(fields: JobFields, params: unknown[]): string {
  const sets: string[] = [];
  const set = (column: string, value: unknown): void => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  set('updated_at', new Date().toISOString());
  if (fields.status) set('status', fields.status);
  if (fields.done !== undefined) set('done', fields.done);
  if (fields.total !== undefined) set('total', fields.total);
  if (fields.result !== undefined) set('result', JSON.stringify(fields.result));
  if (fields.error) set('error', JSON.stringify(fields.error));
  return sets.join(', ');
}

/** Jobs under leases: claimed with FOR UPDATE SKIP LOCKED, so instances never take the same one. */
export class PostgresJobsStore implements JobsStore {
  constructor(private readonly db: Queryable) {}

  async get(accountId: string, id: string): Promise<Job | null> {
    const row = await one<JobRow>(this.db, `SELECT * FROM jobs WHERE account_id = $1 AND id = $2`, [accountId, id]);
    return row ? toJob(row) : null;
  }

  async create(accountId: string, kind: JobKind, total: number, payload: Record<string, unknown> = {}): Promise<Job> {
    const now = new Date().toISOString();
    const row = await one<JobRow>(
      this.db,
      `INSERT INTO jobs (account_id, id, kind, status, done, total, payload, created_at, updated_at) VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6) RETURNING *`,
      [accountId, newId('jb'), kind, total, JSON.stringify(payload), now],
    );
    return toJob(row!);
  }

  async update(id: string, fields: JobFields): Promise<void> {
    const params: unknown[] = [];
    const sets = setClause(fields, params);
    params.push(id);
    await this.db.query(`UPDATE jobs SET ${sets} WHERE id = $${params.length}`, params);
  }

  async findActive(accountId: string, kind: JobKind): Promise<Job | null> {
    const row = await one<JobRow>(this.db, `SELECT * FROM jobs WHERE account_id = $1 AND kind = $2 AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1`, [
      accountId,
      kind,
    ]);
    return row ? toJob(row) : null;
  }

  async claim(owner: string, leaseMs: number, nowMs: number): Promise<ClaimedJob | null> {
    const row = await one<JobRow>(
      this.db,
      `UPDATE jobs SET status = 'running', lease_owner = $1, lease_expires_at = $2, attempts = attempts + 1, updated_at = $3
        WHERE (account_id, id) = (
          SELECT account_id, id FROM jobs
           WHERE status = 'queued' OR (status = 'running' AND lease_expires_at < $4)
           ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [owner, nowMs + leaseMs, new Date(nowMs).toISOString(), nowMs],
    );
    if (!row) return null;
    return { job: toJob(row), accountId: row.account_id, payload: JSON.parse(row.payload ?? '{}') as Record<string, unknown>, attempt: row.attempts };
  }

  async renewLease(id: string, owner: string, leaseMs: number, nowMs: number): Promise<boolean> {
    const result = await this.db.query(`UPDATE jobs SET lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'running'`, [nowMs + leaseMs, id, owner]);
    return (result.rowCount ?? 0) > 0;
  }

  async finish(id: string, owner: string, fields: JobFields & { status: 'succeeded' | 'failed' }): Promise<boolean> {
    const params: unknown[] = [];
    const sets = setClause(fields, params);
    params.push(id, owner);
    const result = await this.db.query(
      `UPDATE jobs SET ${sets}, lease_owner = NULL, lease_expires_at = NULL WHERE id = $${params.length - 1} AND lease_owner = $${params.length} AND status = 'running'`,
      params,
    );
    return (result.rowCount ?? 0) > 0;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'running'`, [id, owner]);
  }
}
