export { createApp, DEFAULT_RATE_LIMIT, MAX_BODY_BYTES, type AppOptions, type ContactsApp } from './app.js';
export type { AppEnv, AppServices } from './app-env.js';
export { startServer, type RunningServer, type StartServerOptions } from './start-server.js';
export { openDatabase, type SqliteDatabase } from './store/sqlite/open-database.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';
export { ensureDemoAccount, type DemoAccount } from './store/sqlite/demo-account.js';
export { seedContacts, seededPhone, type SeedContactsOptions } from './store/sqlite/seed-contacts.js';
export type { Store, Principal, CreateAccountInput } from './store/types.js';
export { buildOpenApiDocument } from './openapi/openapi-document.js';
export { runMaintenance } from './maintenance.js';
export { ApiError } from './http/api-error.js';
export type { RateLimitOptions } from './middleware/rate-limit.js';
import type { Account } from '@contacts-manager/core/schema';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { CreateAccountInput } from './store/types.js';

/**
 * Creates an account in a running server's store (or a database file) and returns its
 * secret key: what tests of other packages need to talk to a fresh server.
 */
export function createAccount(target: { sqlite: SqliteStore } | SqliteStore | string, input: CreateAccountInput): { account: Account; secretKey: string } {
  if (typeof target === 'string') {
    const store = SqliteStore.open(target);
    try {
      return store.accounts.createAccount(input);
    } finally {
      store.close();
    }
  }
  const store = target instanceof SqliteStore ? target : target.sqlite;
  return store.accounts.createAccount(input);
}
