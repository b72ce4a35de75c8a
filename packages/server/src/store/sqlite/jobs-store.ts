import type { Job, JobError, JobKind, JobStatus } from '@contacts-manager/core/schema';
import { newId } from '../ids.js';
import type { JobFields, JobsStore } from '../types.js';
import type { Synchronous } from './synchronous.js';
import type { StatementCache } from './statement-cache.js';

interface JobRow {
  id: string;
  account_id: string;
  kind: JobKind;
  status: JobStatus;
  done: number;
  total: number;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
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
    const row = this.sql.get<[string, string], JobRow>(`SELECT * FROM jobs WHERE id = ? AND account_id = ?`).get(id, accountId);
    return row ? toJob(row) : null;
  }

  create(accountId: string, kind: JobKind, total: number): Job {
    const now = new Date().toISOString();
    const id = newId('jb');
    this.sql
      .get(`INSERT INTO jobs (id, account_id, kind, status, done, total, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?, ?)`)
      .run(id, accountId, kind, total, now, now);
    return this.get(accountId, id)!;
  }

  update(id: string, fields: JobFields): void {
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
    this.sql.get(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  }

  findActive(accountId: string, kind: JobKind): Job | null {
    const row = this.sql
      .get<[string, string], JobRow>(`SELECT * FROM jobs WHERE account_id = ? AND kind = ? AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1`)
      .get(accountId, kind);
    return row ? toJob(row) : null;
  }

  failInterrupted(): void {
    this.sql
      .get(`UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE status IN ('queued', 'running')`)
      .run(JSON.stringify({ code: 'interrupted', message: 'The server stopped while this job was running.' }), new Date().toISOString());
  }
}
