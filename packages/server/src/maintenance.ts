import type { AppServices } from './app-env.js';
import { IDEMPOTENCY_TTL_MS } from './middleware/idempotency.js';

/** Feed entries older than this may be compacted away (api.md). */
const CHANGE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Housekeeping the contract promises: expire idle imports, old keys, sessions and feed entries. */
export async function runMaintenance(services: AppServices): Promise<void> {
  if (!services.gate.isOpen) return; // a job holds the write lock; the next run catches up
  const { store } = services;
  const now = services.now();
  await store.imports.expireStale();
  await store.changes.compact(now - CHANGE_RETENTION_MS);
  await store.idempotency.prune(now - IDEMPOTENCY_TTL_MS);
  await store.accounts.deleteExpiredSessions(now);
  await store.contacts.sweepSearchIndex(5000);
}

/** As runMaintenance, for a timer: a failure (the database away) is logged, and the next run tries again. */
export function runMaintenanceInBackground(services: AppServices): void {
  runMaintenance(services).catch((error: unknown) => console.error('contacts-server: housekeeping failed; it runs again later', error));
}
