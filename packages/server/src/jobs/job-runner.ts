import { randomUUID } from 'node:crypto';
import { setImmediate as nextTick, setTimeout as sleep } from 'node:timers/promises';
import type { Job, JobError, JobKind } from '@contacts-manager/core/schema';
import type { ClaimedJob, Store } from '../store/types.js';
import type { WriteGate } from '../store/write-gate.js';

/** What a job's run ends with. */
export type JobOutcome =
  | { status: 'succeeded'; result: Record<string, unknown>; done?: number; total?: number }
  | { status: 'failed'; error: JobError };

export interface JobContext {
  readonly job: Job;
  readonly accountId: string;
  readonly payload: Record<string, unknown>;
  /** 1 on the first run; more when an earlier run was cut off (a crash, a lost lease). */
  readonly attempt: number;
  readonly store: Store;
  readonly gate: WriteGate;
  /** Aborted when this instance lost the job's lease or is shutting down: stop at the next safe point. */
  readonly signal: AbortSignal;
  /** Progress of work not committed yet (invisible in the database), shown on GET /v1/jobs meanwhile. */
  showProgress(done: number): void;
  /** Brings the search index up to date once jobs are done (SQLite's trigram index). */
  sweepSearchIndexLater(): void;
}

/** How one kind of job runs. Register it with JobRunner.register. */
export interface JobHandler {
  /**
   * Does the work. It may run again after an interruption (on this or another instance), so
   * its effects must be exactly-once: one transaction, or progress kept in the database.
   */
  run(context: JobContext): Promise<JobOutcome>;
  /** Called once when the job is given up after too many interrupted runs: leave its subject usable. */
  abandon?(context: JobContext): Promise<void>;
}

export interface JobRunnerOptions {
  /** This instance's name on the leases it holds; random by default. */
  instanceId?: string;
  /** How long a claim lasts without renewal; another instance takes the job over after it. */
  leaseMs?: number;
  /** How often idle instances look for queued or abandoned jobs. */
  pollMs?: number;
  /** Runs of one job before it is given up (a job that kills its process every time). */
  maxAttempts?: number;
  /** Jobs this instance runs at once. */
  concurrency?: number;
  /** Called in the transaction that records a job's outcome (its summary webhook event). */
  onFinished?: (tx: Store, job: ClaimedJob, outcome: JobOutcome) => Promise<void>;
}

/** Rows the search sweep handles per transaction. */
const SEARCH_SWEEP_BATCH = 500;

interface RunningJob {
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs long work after the request that started it has answered 202. Jobs live in the
 * database and run under a lease: any instance (this process after a restart included)
 * claims queued jobs and jobs whose lease lapsed, renews the lease while it works, and
 * records the outcome only while it still holds it. Nothing a job does, its failure paths
 * included, can reject unhandled: every error ends logged, and the job is retried once its
 * lease lapses.
 */
export class JobRunner {
  readonly instanceId: string;
  private readonly handlers = new Map<JobKind, JobHandler>();
  private readonly running = new Map<string, RunningJob>();
  private readonly housekeeping = new Set<Promise<void>>();
  /** Progress of jobs whose writes are not committed yet (invisible to other connections). */
  private readonly liveProgress = new Map<string, number>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly onFinished: JobRunnerOptions['onFinished'];
  private pollTimer: NodeJS.Timeout | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly gate: WriteGate,
    options: JobRunnerOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `in_${randomUUID()}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.concurrency = options.concurrency ?? 2;
    this.onFinished = options.onFinished;
  }

  /** Makes `kind` runnable on this instance. */
  register(kind: JobKind, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** Starts looking for work: now, after every enqueue, and every pollMs. */
  start(): void {
    if (this.pollTimer || this.stopping) return;
    this.pollTimer = setInterval(() => this.wake(), this.pollMs);
    this.pollTimer.unref();
    this.wake();
  }

  /**
   * Queues a job in transaction `tx` (or at once on the store): it runs after the commit,
   * on this instance or another. `payload` is all the job may read of its request.
   */
  async enqueue(tx: Store, accountId: string, kind: JobKind, total: number, payload: Record<string, unknown> = {}): Promise<Job> {
    if (!this.handlers.has(kind)) throw new Error(`No handler is registered for ${kind} jobs.`);
    const job = await tx.jobs.create(accountId, kind, total, payload);
    // After the request's own last writes (its idempotency record): a SQLite job holds the write lock.
    tx.afterCommit(() => setImmediate(() => this.wake()));
    return job;
  }

  async get(accountId: string, id: string): Promise<Job | null> {
    const job = await this.store.jobs.get(accountId, id);
    const live = this.liveProgress.get(id);
    return job && live !== undefined && job.status === 'running' ? { ...job, progress: { ...job.progress, done: Math.min(live, job.progress.total) } } : job;
  }

  /** Looks for claimable jobs now (coalesced: one claim loop at a time). */
  wake(): void {
    if (this.stopping) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimLoop()
      .catch((error: unknown) => console.error('contacts-server: could not claim jobs; trying again shortly', error))
      .finally(() => {
        this.claiming = null;
        if (this.claimAgain && !this.stopping) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopping && this.running.size < this.concurrency) {
      // A claim is a write: on SQLite it waits while a job holds the write lock.
      await this.gate.whenOpen();
      // The database's clock would be better across machines; instances are expected to
      // keep theirs in sync (NTP), and a lease is much longer than any skew.
      const claimed = await this.store.jobs.claim(this.instanceId, this.leaseMs, Date.now());
      if (!claimed) return;
      // Our own job, whose lease lapsed while it held SQLite's write lock: it goes on.
      if (this.running.has(claimed.job.id)) continue;
      this.launch(claimed);
    }
  }

  private launch(claimed: ClaimedJob): void {
    const controller = new AbortController();
    const entry: RunningJob = { id: claimed.job.id, controller, done: Promise.resolve() };
    entry.done = this.runClaimed(claimed, controller)
      .catch((error: unknown) => console.error(`contacts-server: job ${claimed.job.id} stopped on an error; it runs again once its lease lapses`, error))
      .finally(() => {
        this.running.delete(claimed.job.id);
        this.liveProgress.delete(claimed.job.id);
        this.wake();
      });
    this.running.set(claimed.job.id, entry);
  }

  private async runClaimed(claimed: ClaimedJob, controller: AbortController): Promise<void> {
    const { job } = claimed;
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      // Another instance's newer version queued it: leave it to them.
      await this.store.jobs.release(job.id, this.instanceId);
      return;
    }
    const context: JobContext = {
      job,
      accountId: claimed.accountId,
      payload: claimed.payload,
      attempt: claimed.attempt,
      store: this.store,
      gate: this.gate,
      signal: controller.signal,
      showProgress: (done) => this.liveProgress.set(job.id, done),
      sweepSearchIndexLater: () => this.sweepSearchIndexLater(),
    };
    if (claimed.attempt > this.maxAttempts) {
      const error: JobError = { code: 'interrupted', message: `The job was interrupted ${claimed.attempt - 1} times and was given up.` };
      await handler.abandon?.(context);
      await this.finishIfDone(claimed, { status: 'failed', error });
      return;
    }
    const heartbeat = this.keepLease(job.id, controller);
    let outcome: JobOutcome;
    try {
      outcome = await handler.run(context);
    } finally {
      heartbeat.stop();
    }
    if (controller.signal.aborted && this.stopping) {
      // Shutting down mid-way: the next instance (or this one after a restart) resumes it.
      if (!(await this.finishIfDone(claimed, outcome))) await this.store.jobs.release(job.id, this.instanceId);
      return;
    }
    await this.finishIfDone(claimed, outcome);
  }

  /** Records the outcome unless the run was only stopped part-way (a shutdown). */
  private async finishIfDone(claimed: ClaimedJob, outcome: JobOutcome): Promise<boolean> {
    if (outcome.status === 'failed' && outcome.error.code === 'stopped') return false;
    const jobId = claimed.job.id;
    const fields =
      outcome.status === 'succeeded'
        ? { status: outcome.status, result: outcome.result, ...(outcome.done !== undefined ? { done: outcome.done } : {}), ...(outcome.total !== undefined ? { total: outcome.total } : {}) }
        : { status: outcome.status, error: outcome.error };
    const finished = await this.store.transaction(async (tx) => {
      if (!(await tx.jobs.finish(jobId, this.instanceId, fields))) return false;
      await this.onFinished?.(tx, claimed, outcome);
      return true;
    });
    if (!finished) {
      console.error(`contacts-server: job ${jobId} lost its lease before it finished; the instance that took it over records the outcome`);
    }
    return true;
  }

  /**
   * Renews the lease every third of its length. While a SQLite job holds the write lock (the
   * gate is closed) the renewal waits: nobody else can claim on that file meanwhile.
   */
  private keepLease(jobId: string, controller: AbortController): { stop(): void } {
    let stopped = false;
    const timer = setInterval(() => {
      if (stopped || !this.gate.isOpen) return;
      this.store.jobs
        .renewLease(jobId, this.instanceId, this.leaseMs, Date.now())
        .then((held) => {
          if (!held && !stopped) controller.abort(new Error('lease lost'));
        })
        .catch((error: unknown) => console.error(`contacts-server: could not renew the lease of job ${jobId}`, error));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return {
      stop() {
        stopped = true;
        clearInterval(timer);
      },
    };
  }

  /** Set by every request for a sweep; the running sweep goes round again while it is set. */
  private sweepRequested = false;
  private sweeping = false;

  /**
   * Brings the search index up to date in short slices, after the jobs are done (jobs go
   * first): one sweep at a time, going round again for the rows written meanwhile. A deleted
   * contact's entries go soon, so searches are back on their fastest path.
   */
  sweepSearchIndexLater(): void {
    this.sweepRequested = true;
    if (this.sweeping) return;
    this.sweeping = true;
    const task: Promise<void> = (async () => {
      await nextTick();
      while (this.sweepRequested) {
        this.sweepRequested = false;
        for (;;) {
          while (this.running.size > 0 && !this.stopping) await sleep(50);
          if (this.stopping) return;
          await this.gate.whenOpen();
          if ((await this.store.contacts.sweepSearchIndex(SEARCH_SWEEP_BATCH)) === 0) break;
          await nextTick();
        }
      }
    })()
      .catch((error: unknown) => console.error('contacts-server: the search index sweep failed; maintenance runs it again', error))
      .finally(() => {
        this.sweeping = false;
        this.housekeeping.delete(task);
      });
    this.housekeeping.add(task);
  }

  /** At most one delete-all per account at a time: a second request gets the running job. */
  async startDeleteAll(accountId: string): Promise<Job> {
    const active = await this.store.jobs.findActive(accountId, 'delete_all');
    if (active) return active;
    const total = await this.store.contacts.contactCount(accountId);
    return this.enqueue(this.store, accountId, 'delete_all', total, { createdBefore: new Date().toISOString() });
  }

  /** Queues the commit of a staged import; `tx` is the transaction that marked it committing. */
  startImportCommit(tx: Store, accountId: string, importId: string, totalRows: number): Promise<Job> {
    return this.enqueue(tx, accountId, 'import_commit', totalRows, { importId });
  }

  /** Resolves when no job is running here and none is queued for this instance to take (tests). */
  async idle(): Promise<void> {
    for (;;) {
      while (this.running.size > 0 || this.claiming || this.housekeeping.size > 0) {
        await Promise.all([...[...this.running.values()].map((entry) => entry.done), this.claiming, ...this.housekeeping]);
      }
      // A job enqueued meanwhile is claimed by the next loop.
      await nextTick();
      if (this.running.size === 0 && !this.claiming && this.housekeeping.size === 0) return;
    }
  }

  /**
   * Graceful shutdown: claims no more jobs, asks running ones to stop at a safe point and
   * gives their leases back (so another instance resumes them at once), waits for them.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const entry of this.running.values()) entry.controller.abort(new Error('shutting down'));
    await this.claiming;
    await Promise.all([...[...this.running.values()].map((entry) => entry.done), ...this.housekeeping]);
  }
}

/** The outcome of a run stopped part-way by a shutdown or a lost lease: the job stays to resume. */
export const STOPPED: JobOutcome = { status: 'failed', error: { code: 'stopped', message: 'Stopped part-way; the job resumes.' } };
