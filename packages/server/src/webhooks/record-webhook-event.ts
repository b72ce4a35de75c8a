import type { WebhookEventDataMap, WebhookEventType } from '@contacts-manager/core/webhooks';
import type { AppServices } from '../app-env.js';
import type { JobOutcome } from '../jobs/job-runner.js';
import type { ClaimedJob, Store } from '../store/types.js';

/**
 * Records a webhook event in the transaction `tx` of the change that caused it, and wakes
 * this instance's delivery worker once that transaction has committed.
 */
export async function recordWebhookEvent<Type extends WebhookEventType>(
  tx: Store,
  services: AppServices,
  accountId: string,
  type: Type,
  data: WebhookEventDataMap[Type],
): Promise<void> {
  const deliveries = await tx.webhooks.recordEvent(accountId, type, data, services.now());
  // Once committed, this instance sends it at once; other instances find it by polling.
  if (deliveries.length > 0) tx.afterCommit(() => setImmediate(() => services.webhooks.notify()));
}

/**
 * A bulk job's one summary event (never one per contact), recorded in the transaction that
 * records the job's outcome: `import.completed` with the counts, `import.failed`,
 * `contacts.deleted_all` with the count.
 */
export async function recordJobSummaryEvent(tx: Store, services: AppServices, claimed: ClaimedJob, outcome: JobOutcome): Promise<void> {
  const { job, accountId, payload } = claimed;
  if (job.kind === 'import_commit') {
    const importId = String(payload.importId);
    if (outcome.status === 'failed') {
      await recordWebhookEvent(tx, services, accountId, 'import.failed', { importId, jobId: job.id, error: outcome.error });
      return;
    }
    const { listId, counts } = await tx.imports.get(accountId, importId);
    await recordWebhookEvent(tx, services, accountId, 'import.completed', { importId, jobId: job.id, listId, counts });
  } else if (job.kind === 'delete_all' && outcome.status === 'succeeded') {
    await recordWebhookEvent(tx, services, accountId, 'contacts.deleted_all', { jobId: job.id, deleted: Number(outcome.result.deleted ?? 0) });
  }
}
