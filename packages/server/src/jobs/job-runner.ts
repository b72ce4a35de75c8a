import { setImmediate as nextTick, setTimeout as sleep } from 'node:timers/promises';
import type { Job, JobKind } from '@contacts-manager/core/schema';
import type { Store } from '../store/types.js';
import type { WriteGate } from '../store/write-gate.js';

export interface JobRunnerOptions {
  /** Contacts removed by the first delete-all transaction; later ones adapt to DELETE_BATCH_TARGET_MS. */
  deleteBatchSize: number;
  /** Tests pin the batch size to watch the count fall. */
  fixedDeleteBatchSize?: boolean;
}

/** How long one delete-all transaction should hold the database. */
const DELETE_BATCH_TARGET_MS = 25;
/**
 * How long one delete-all transaction on the background thread may hold the write lock:
 * writers wait that long at most, and readers see the count fall at this pace.
 */
const BACKGROUND_DELETE_MS = 2000;
/** Rows the search sweep handles per transaction. */
const SEARCH_SWEEP_BATCH = 500;

/**
 * Runs long work after the request that started it has answered 202. Jobs live in the
 * store, so their status outlives the request; a job cut off by a restart is marked failed.
 */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();
  /** Progress of jobs whose writes are not committed yet (invisible to the main connection). */
  private readonly liveProgress = new Map<string, number>();
  constructor(
    private readonly store: Store,
    private readonly gate: WriteGate,
    private readonly options: JobRunnerOptions,
  ) {
  }

  async get(accountId: string, id: string): Promise<Job | null> {
    const job = await this.store.jobs.get(accountId, id);
    const live = this.liveProgress.get(id);
    return job && live !== undefined ? { ...job, progress: { ...job.progress, done: Math.min(live, job.progress.total) } } : job;
  }

  /** Jobs (not housekeeping) running now: the search sweep waits for them. */
  private activeJobs = 0;

  private launch(work: () => Promise<void>, isJob = true): void {
    if (isJob) this.activeJobs += 1;
    const task = (async () => {
      await nextTick();
      await work();
    })().finally(() => {
      if (isJob) this.activeJobs -= 1;
      this.running.delete(task);
    });
    this.running.add(task);
  }

  /** Resolves when every job started so far has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** At most one delete-all per account at a time: a second request gets the running job. */
  async startDeleteAll(accountId: string): Promise<Job> {
    const active = await this.store.jobs.findActive(accountId, 'delete_all');
    if (active) return active;
    const startedAt = new Date().toISOString();
    const job = await this.store.jobs.create(accountId, 'delete_all', await this.store.contacts.contactCount(accountId));
    this.launch(() => this.runDeleteAll(job.id, accountId, startedAt));
    return job;
  }

  /**
   * Deletes the contacts that existed when the job started, a batch per transaction, so
   * readers see the count fall and other requests are answered between batches.
   */
  private async runDeleteAll(jobId: string, accountId: string, startedAt: string): Promise<void> {
    const { jobs, contacts } = this.store;
    let done = 0;
    try {
      await jobs.update(jobId, { status: 'running' });
      const deleter = this.options.fixedDeleteBatchSize ? null : this.store.openBackgroundDeleter(accountId, startedAt);
      if (deleter) {
        try {
          for (;;) {
            // The gate keeps this connection's writers waiting (not failing busy) meanwhile.
            const deleted = await this.gate.hold(() => deleter.deleteTransaction(Number.MAX_SAFE_INTEGER, BACKGROUND_DELETE_MS));
            if (deleted === 0) break;
            done += deleted;
            // Progress is kept in memory meanwhile: a write on this connection would make the
            // worker's connection drop its page cache before its next transaction.
            this.liveProgress.set(jobId, done);
            await nextTick();
          }
          await jobs.update(jobId, { done });
        } finally {
          this.liveProgress.delete(jobId);
          await deleter.close();
        }
      }
      let batchSize = this.options.deleteBatchSize;
      for (;;) {
        await this.gate.whenOpen();
        const started = performance.now();
        const deleted = await contacts.deleteBatch(accountId, startedAt, batchSize);
        if (deleted === 0) break;
        done += deleted;
        await jobs.update(jobId, { done });
        // Keep each batch near the target duration: larger batches are cheaper per row,
        // shorter ones keep reads waiting less.
        const elapsed = performance.now() - started;
        if (!this.options.fixedDeleteBatchSize) batchSize = Math.max(100, Math.min(20_000, Math.round(batchSize * Math.min(1.5, Math.max(0.5, DELETE_BATCH_TARGET_MS / Math.max(elapsed, 1))))));
        await nextTick();
      }
      await jobs.update(jobId, { status: 'succeeded', done, total: done, result: { deleted: done } });
      this.launch(() => this.sweepSearchIndex(), false);
    } catch (error) {
      await jobs.update(jobId, { status: 'failed', error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } });
    }
  }

  /** Brings the search index up to date in short slices, after a job is done; jobs go first. */
  private async sweepSearchIndex(): Promise<void> {
    for (;;) {
      while (this.activeJobs > 0) await sleep(50);
      await this.gate.whenOpen();
      if ((await this.store.contacts.sweepSearchIndex(SEARCH_SWEEP_BATCH)) === 0) return;
      await nextTick();
    }
  }

  /**
   * A job whose work the caller brings (bulk actions): it runs after the 202, reports its
   * progress, and ends with its result or, if the work throws, as failed.
   */
  async startJob(
    accountId: string,
    kind: JobKind,
    total: number,
    work: (progress: (done: number) => Promise<void>) => Promise<Record<string, unknown>>,
  ): Promise<Job> {
    const job = await this.store.jobs.create(accountId, kind, total);
    this.launch(async () => {
      try {
        await this.store.jobs.update(job.id, { status: 'running' });
        const result = await work((done) => this.store.jobs.update(job.id, { done }));
        await this.store.jobs.update(job.id, { status: 'succeeded', done: total, result });
        this.launch(() => this.sweepSearchIndex(), false);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // The failure itself may not be recordable (storage gone): never let it escape the runner.
        await this.store.jobs.update(job.id, { status: 'failed', error: { code: 'internal_error', message } }).catch(() => undefined);
      }
    });
    return job;
  }

  /** Queues the commit of a staged import; `tx` is the transaction that marked it committing. */
  async startImportCommit(tx: Store, accountId: string, importId: string, totalRows: number): Promise<Job> {
    const job = await tx.jobs.create(accountId, 'import_commit', totalRows);
    this.launch(async () => {
      await this.store.jobs.update(job.id, { status: 'running' });
      const outcome = await this.gate.hold(() => this.store.imports.commit(accountId, importId, (done) => this.liveProgress.set(job.id, done)));
      this.liveProgress.delete(job.id);
      if (outcome.ok) {
        await this.store.jobs.update(job.id, { status: 'succeeded', done: outcome.counts.rows, total: outcome.counts.rows, result: outcome.counts });
        this.launch(() => this.sweepSearchIndex(), false);
      } else {
        await this.store.jobs.update(job.id, { status: 'failed', error: outcome.error });
      }
    });
    return job;
  }
}
