import type { AppServices } from './app-env.js';
import { IDEMPOTENCY_TTL_MS } from './middleware/idempotency.js';

/** Feed entries older than this may be compacted away (api.md). */
const CHANGE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Housekeeping the contract promises: expire idle imports, old keys, sessions and feed entries. */
export function runMaintenance(services: AppServices): void {
  if (!services.gate.isOpen) return; // a job holds the write lock; the next run catches up
  const { store } = services;
  const now = services.now();
  store.imports.expireStale();
  store.changes.compact(now - CHANGE_RETENTION_MS);
  store.idempotency.prune(now - IDEMPOTENCY_TTL_MS);
  store.accounts.deleteExpiredSessions(now);
  store.contacts.sweepSearchIndex(5000);
}
