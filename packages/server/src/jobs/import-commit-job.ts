import type { JobError } from '@contacts-manager/core/schema';
import type { JobHandler } from './job-runner.js';

const importIdOf = (payload: Record<string, unknown>): string => String(payload.importId);

/**
 * `import_commit`: every staged row in one transaction, so a run cut off by a crash left
 * nothing behind and the next run (on any instance) starts over; a run after one that did
 * commit answers that one's counts. Given up, the import is open again to commit or abort.
 */
export const importCommitJob: JobHandler = {
  async run({ store, gate, accountId, payload, showProgress, sweepSearchIndexLater }) {
    const outcome = await gate.hold(() => store.imports.commit(accountId, importIdOf(payload), showProgress));
    if (!outcome.ok) return { status: 'failed', error: outcome.error };
    sweepSearchIndexLater();
    return { status: 'succeeded', result: outcome.counts, done: outcome.counts.rows, total: outcome.counts.rows };
  },
  async abandon({ store, accountId, payload }) {
    const error: JobError = { code: 'interrupted', message: 'The commit was interrupted several times; nothing was imported. Commit again, or abort.' };
    await store.imports.reopen(accountId, importIdOf(payload), error);
  },
};
