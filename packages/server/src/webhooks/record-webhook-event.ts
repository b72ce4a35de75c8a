import type { WebhookEventDataMap, WebhookEventType } from '@contacts-manager/core/webhooks';
import type { AppServices } from '../app-env.js';
import type { Store } from '../store/types.js';

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
  // setImmediate runs after the transaction's COMMIT; another instance finds it by polling.
  if (deliveries.length > 0) setImmediate(() => services.webhooks.notify());
}
