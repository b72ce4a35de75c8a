import { setImmediate as nextTick } from 'node:timers/promises';
import type { ContactBulkAction } from '@contacts-manager/core/schema';
import type { Store } from '../store/types.js';
import { STOPPED, type JobHandler } from './job-runner.js';

/** Contacts changed per transaction: short, so other requests are answered between batches. */
const BATCH_SIZE = 200;

/** What a bulk job needs: the action, its list, and the contacts chosen when it was asked for. */
export interface BulkActionPayload {
  action: ContactBulkAction;
  listId: string | null;
  ids: string[];
}

/** Applies the action to one contact; true when it changed something. */
async function applyTo(tx: Store, accountId: string, id: string, action: ContactBulkAction, listId: string | null): Promise<boolean> {
  const contact = await tx.contacts.get(accountId, id);
  if (!contact) return false; // deleted meanwhile, or never this account's
  if (action === 'delete') {
    await tx.contacts.delete(accountId, id, undefined);
    return true;
  }
  if (listId === null) return false;
  const has = contact.listIds.includes(listId);
  if (action === 'addToList' ? has : !has) return false;
  const listIds = action === 'addToList' ? [...contact.listIds, listId] : contact.listIds.filter((item) => item !== listId);
  await tx.contacts.update(accountId, id, { listIds }, undefined);
  return true;
}

/**
 * `bulk_action`: a batch per transaction, each recording the job's progress and running
 * `affected` count in the same transaction, so a run taken up after a crash goes on where the
 * last one stopped and counts exactly. Every write is a store write, so each touched contact
 * gets a new version and a change-feed entry.
 */
export const bulkActionJob: JobHandler = {
  async run({ store, gate, job, accountId, payload, signal, showProgress, sweepSearchIndexLater }) {
    const { action, listId, ids } = payload as unknown as BulkActionPayload;
    const saved = await store.jobs.get(accountId, job.id);
    let done = saved?.progress.done ?? 0;
    let affected = Number((saved?.result as { affected?: number } | undefined)?.affected ?? 0);
    try {
      while (done < ids.length) {
        if (signal.aborted) return STOPPED;
        await gate.whenOpen();
        const batch = ids.slice(done, done + BATCH_SIZE);
        const changed = await store.transaction(async (tx) => {
          let count = 0;
          for (const id of batch) if (await applyTo(tx, accountId, id, action, listId)) count += 1;
          await tx.jobs.update(job.id, { done: done + batch.length, result: { action, affected: affected + count } });
          return count;
        });
        done += batch.length;
        affected += changed;
        showProgress(done);
        await nextTick();
      }
      // Deleted contacts leave the search indexes soon (their removal is deferred to the sweep).
      if (action === 'delete') sweepSearchIndexLater();
      return { status: 'succeeded', result: { action, affected }, done: ids.length, total: ids.length };
    } catch (error) {
      if (signal.aborted) return STOPPED;
      return { status: 'failed', error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } };
    }
  },
};
