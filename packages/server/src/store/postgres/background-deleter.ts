import type { BackgroundDeleter } from '../types.js';
import { deleteContactsBatch } from './contacts-store.js';
import type { RunInTransaction } from './imports-store.js';

/** Rows in the first transaction; later ones adapt to TRANSACTION_TARGET_MS. */
const FIRST_BATCH = 5_000;
const MAX_BATCH = 50_000;
/**
 * How long one transaction should run. Readers never wait for it (MVCC); writers to the same
 * account wait for its lock on the feed counter at most this long.
 */
const TRANSACTION_TARGET_MS = 250;

/**
 * Delete-all on PostgreSQL: a statement per transaction, walking the contacts in
 * (created_at, id) order from where the last one stopped, so no batch walks the rows the ones
 * before it deleted. Once that walk is done, passes from the start pick up rows that were
 * locked by another transaction when it went by; the job ends when a pass finds none.
 */
export class PostgresBackgroundDeleter implements BackgroundDeleter {
  private after: [string, string] | null = null;
  private batchSize = FIRST_BATCH;

  constructor(
    private readonly runInTransaction: RunInTransaction,
    private readonly accountId: string,
    private readonly createdBefore: string,
    private readonly jobId: string,
  ) {}

  async deleteTransaction(rows: number, budgetMs: number): Promise<number> {
    const limit = Math.max(1, Math.min(rows, this.batchSize));
    const started = performance.now();
    const { deleted, last } = await this.runInTransaction(async (tx) => {
      // A batch's feed seqs are numbered in a sort of up to MAX_BATCH rows: in memory, not in temporary files.
      await tx.query(`SET LOCAL work_mem = '32MB'`);
      return deleteContactsBatch(tx, this.accountId, this.createdBefore, limit, this.jobId, this.after);
    });
    const elapsed = performance.now() - started;
    const target = Math.min(budgetMs, TRANSACTION_TARGET_MS);
    this.batchSize = Math.max(500, Math.min(MAX_BATCH, Math.round(limit * Math.min(2, Math.max(0.5, target / Math.max(elapsed, 1))))));
    if (deleted > 0) {
      this.after = last;
      return deleted;
    }
    if (this.after === null) return 0;
    // The keyset walk is done: one more from the start finds what it had to skip, if anything.
    this.after = null;
    return this.deleteTransaction(rows, budgetMs);
  }

  async close(): Promise<void> {}
}
