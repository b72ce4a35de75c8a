import type { Principal } from './domain/accounts.js';
import type { ContactsRepository } from './domain/contacts-repository.js';
import type { ImportsRepository } from './domain/imports-repository.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { SqliteDatabase } from './db/open-database.js';
import type { StatementCache } from './db/statement-cache.js';
import type { WriteGate } from './db/write-gate.js';

/** What every route reaches through the context: one database, its repositories, the clock. */
export interface AppServices {
  db: SqliteDatabase;
  sql: StatementCache;
  contacts: ContactsRepository;
  imports: ImportsRepository;
  jobs: JobRunner;
  /** Writers wait here while a long job holds the write lock. */
  gate: WriteGate;
  /** Milliseconds since the epoch; tests move it to expire sessions and imports. */
  now: () => number;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    principal: Principal;
    requestId: string;
  };
}
