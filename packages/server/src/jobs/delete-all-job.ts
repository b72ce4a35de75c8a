import { setImmediate as nextTick } from 'node:timers/promises';
import { STOPPED, type JobHandler } from './job-runner.js';

export interface DeleteAllOptions {
  /** Contacts removed by the first transaction; later ones adapt to DELETE_BATCH_TARGET_MS. */
  deleteBatchSize: number;
  /** Tests pin the batch size (and stay on the main connection) to watch the count fall. */
  fixedDeleteBatchSize?: boolean;
}

/** How long one delete-all transaction should hold the database. */
const DELETE_BATCH_TARGET_MS = 25;
/**
 * How long one delete-all transaction on the background thread may hold the write lock:
 * writers wait that long at most, and readers see the count fall at this pace.
 */
const BACKGROUND_DELETE_MS = 2000;

/**
 * `delete_all`: deletes the contacts that existed when the job was queued, a batch per
 * transaction, so readers see the count fall. Each batch adds to the job's progress in its
 * own transaction, so a run taken up after a crash goes on where the last one stopped and
 * the final count is exact.
 */
export function deleteAllJob(options: DeleteAllOptions): JobHandler {
  return {
    async run({ store, gate, job, accountId, payload, signal, sweepSearchIndexLater }) {
      const createdBefore = String(payload.createdBefore);
      try {
        const deleter = options.fixedDeleteBatchSize ? null : store.openBackgroundDeleter(accountId, createdBefore, job.id);
        if (deleter) {
          try {
            for (;;) {
              if (signal.aborted) return STOPPED;
              // The gate keeps the main connection's writers waiting (not failing busy) meanwhile.
              const deleted = await gate.hold(() => deleter.deleteTransaction(Number.MAX_SAFE_INTEGER, BACKGROUND_DELETE_MS));
              if (deleted === 0) break;
              await nextTick();
            }
          } finally {
            await deleter.close();
          }
        }
        let batchSize = options.deleteBatchSize;
        for (;;) {
          if (signal.aborted) return STOPPED;
          await gate.whenOpen();
          const started = performance.now();
          const deleted = await store.transaction((tx) => tx.contacts.deleteBatch(accountId, createdBefore, batchSize, job.id));
          if (deleted === 0) break;
          // Keep each batch near the target duration: larger batches are cheaper per row,
          // shorter ones keep reads waiting less.
          const elapsed = performance.now() - started;
          if (!options.fixedDeleteBatchSize) batchSize = Math.max(100, Math.min(20_000, Math.round(batchSize * Math.min(1.5, Math.max(0.5, DELETE_BATCH_TARGET_MS / Math.max(elapsed, 1))))));
          await nextTick();
        }
        const deleted = (await store.jobs.get(accountId, job.id))?.progress.done ?? 0;
        sweepSearchIndexLater();
        return { status: 'succeeded', result: { deleted }, done: deleted, total: deleted };
      } catch (error) {
        if (signal.aborted) return STOPPED;
        return { status: 'failed', error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } };
      }
    },
  };
}
