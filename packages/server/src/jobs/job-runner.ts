import { setImmediate as nextTick } from 'node:timers/promises';
import type { Job, JobError, JobKind, JobStatus } from '@contacts-manager/core/schema';
import { newId } from '../db/ids.js';
import { openDatabase } from '../db/open-database.js';
import { StatementCache } from '../db/statement-cache.js';
import type { WriteGate } from '../db/write-gate.js';
import { ContactsRepository } from '../domain/contacts-repository.js';
import { ImportsRepository, type CommitOutcome } from '../domain/imports-repository.js';

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

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: { done: row.done, total: row.total },
    ...(row.result ? { result: JSON.parse(row.result) as Record<string, unknown> } : {}),
    ...(row.error ? { error: JSON.parse(row.error) as JobError } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface JobRunnerOptions {
  /** Contacts removed per transaction by delete-all: small enough that reads interleave. */
  deleteBatchSize: number;
}

/**
 * Runs long work after the request that started it has answered 202. Jobs live in the
 * database, so their status survives the request; a job cut off by a restart is marked failed.
 */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();
  /** Progress of jobs whose writes are not committed yet (invisible to the main connection). */
  private readonly liveProgress = new Map<string, number>();
  private jobImports: ImportsRepository | null = null;

  constructor(
    private readonly sql: StatementCache,
    private readonly gate: WriteGate,
    private readonly imports: ImportsRepository,
    private readonly now: () => number,
    private readonly options: JobRunnerOptions,
  ) {
    const timestamp = new Date().toISOString();
    sql
      .get(`UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE status IN ('queued', 'running')`)
      .run(JSON.stringify({ code: 'interrupted', message: 'The server stopped while this job was running.' }), timestamp);
  }

  /**
   * A second connection to the same file for the import commit's long transaction, so the
   * main connection keeps serving reads from the last committed state (WAL). An in-memory
   * database has no second connection: its commits run in one go.
   */
  private importsOnJobConnection(): ImportsRepository | null {
    if (this.sql.db.memory) return null;
    if (!this.jobImports) {
      const sql = new StatementCache(openDatabase(this.sql.db.name));
      this.jobImports = new ImportsRepository(sql, new ContactsRepository(sql), this.now);
    }
    return this.jobImports;
  }

  close(): void {
    this.jobImports?.close();
    this.jobImports = null;
  }

  get(accountId: string, id: string): Job | null {
    const row = this.sql.get<[string, string], JobRow>(`SELECT * FROM jobs WHERE id = ? AND account_id = ?`).get(id, accountId);
    if (!row) return null;
    const live = this.liveProgress.get(id);
    return toJob(live === undefined ? row : { ...row, done: Math.min(live, row.total) });
  }

  private create(accountId: string, kind: JobKind, total: number): Job {
    const now = new Date().toISOString();
    const id = newId('jb');
    this.sql
      .get(`INSERT INTO jobs (id, account_id, kind, status, done, total, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?, ?)`)
      .run(id, accountId, kind, total, now, now);
    return this.get(accountId, id)!;
  }

  private update(id: string, fields: { status?: JobStatus; done?: number; total?: number; result?: unknown; error?: JobError }): void {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [new Date().toISOString()];
    if (fields.status) sets.push('status = ?'), params.push(fields.status);
    if (fields.done !== undefined) sets.push('done = ?'), params.push(fields.done);
    if (fields.total !== undefined) sets.push('total = ?'), params.push(fields.total);
    if (fields.result !== undefined) sets.push('result = ?'), params.push(JSON.stringify(fields.result));
    if (fields.error) sets.push('error = ?'), params.push(JSON.stringify(fields.error));
    this.sql.get(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  }

  private launch(work: () => Promise<void>): void {
    const task = (async () => {
      await nextTick();
      await work();
    })().finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when every job started so far has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** At most one delete-all per account at a time: a second request gets the running job. */
  startDeleteAll(accountId: string): Job {
    const active = this.sql
      .get<[string], JobRow>(`SELECT * FROM jobs WHERE account_id = ? AND kind = 'delete_all' AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1`)
      .get(accountId);
    if (active) return toJob(active);
    const startedAt = new Date().toISOString();
    const total = this.sql.get<[string], { n: number }>(`SELECT contact_count AS n FROM accounts WHERE id = ?`).get(accountId)?.n ?? 0;
    const job = this.create(accountId, 'delete_all', total);
    this.launch(() => this.runDeleteAll(job.id, accountId, startedAt));
    return job;
  }

  /**
   * Deletes the contacts that existed when the job started, a batch per transaction, so
   * readers see the count fall and other requests are answered between batches. Each
   * removal goes to the change feed; the opt-out register is untouched.
   */
  private async runDeleteAll(jobId: string, accountId: string, startedAt: string): Promise<void> {
    const db = this.sql.db;
    const selectBatch = this.sql.get<[string, string, number], { id: string }>(
      `SELECT id FROM contacts WHERE account_id = ? AND created_at <= ? ORDER BY created_at LIMIT ?`,
    );
    const deleteMemberships = this.sql.get(`DELETE FROM contact_lists WHERE contact_id IN (SELECT value FROM json_each(?))`);
    const deleteContacts = this.sql.get(`DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))`);
    const recordDeletes = this.sql.get(
      `INSERT OR REPLACE INTO changes (account_id, contact_id, op, at) SELECT ?, value, 'delete', ? FROM json_each(?)`,
    );
    let done = 0;
    try {
      this.update(jobId, { status: 'running' });
      const deleteBatch = db.transaction((): number => {
        const ids = selectBatch.all(accountId, startedAt, this.options.deleteBatchSize).map((row) => row.id);
        if (ids.length === 0) return 0;
        const json = JSON.stringify(ids);
        deleteMemberships.run(json);
        deleteContacts.run(json);
        recordDeletes.run(accountId, Date.now(), json);
        done += ids.length;
        this.update(jobId, { done });
        return ids.length;
      });
      for (;;) {
        await this.gate.whenOpen();
        if (deleteBatch() === 0) break;
        await nextTick();
      }
      this.update(jobId, { status: 'succeeded', done, total: done, result: { deleted: done } });
    } catch (error) {
      this.update(jobId, { status: 'failed', error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } });
    }
  }

  startImportCommit(accountId: string, importId: string, totalRows: number): Job {
    const job = this.create(accountId, 'import_commit', totalRows);
    this.launch(async () => {
      this.update(job.id, { status: 'running' });
      const outcome = await this.gate.hold(() => this.runCommit(job.id, accountId, importId));
      this.liveProgress.delete(job.id);
      if (outcome.ok) {
        this.update(job.id, { status: 'succeeded', done: outcome.counts.rows, total: outcome.counts.rows, result: outcome.counts });
      } else {
        this.update(job.id, { status: 'failed', error: outcome.error });
      }
    });
    return job;
  }

  private async runCommit(jobId: string, accountId: string, importId: string): Promise<CommitOutcome> {
    const onJobConnection = this.importsOnJobConnection();
    const steps = (onJobConnection ?? this.imports).commitSteps(accountId, importId);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (onJobConnection) {
        this.liveProgress.set(jobId, step.value);
        await nextTick();
      }
    }
  }
}
