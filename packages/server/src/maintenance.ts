import type { AppServices } from './app-env.js';
import { IDEMPOTENCY_TTL_MS } from './middleware/idempotency.js';
import { compactChanges } from './routes/changes-routes.js';

/** Housekeeping the contract promises: expire idle imports, old keys, sessions and feed entries. */
export function runMaintenance(services: AppServices): void {
  if (!services.gate.isOpen) return; // a job holds the write lock; the next run catches up
  const now = services.now();
  services.imports.expireStale();
  compactChanges(services.sql, now);
  services.sql.get(`DELETE FROM idempotency_keys WHERE state = 'done' AND created_at < ?`).run(now - IDEMPOTENCY_TTL_MS);
  services.sql.get(`DELETE FROM sessions WHERE expires_at <= ?`).run(now);
}
