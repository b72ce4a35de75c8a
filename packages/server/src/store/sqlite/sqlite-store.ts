import type { BackgroundDeleter } from '../types.js';
import { SqliteBackgroundDeleter } from './background-deleter.js';
import { SqliteAccountsStore } from './accounts-store.js';
import { SqliteChangesStore } from './changes-store.js';
import { SqliteContactsStore } from './contacts-store.js';
import { SqliteIdempotencyStore } from './idempotency-store.js';
import { SqliteImportsStore } from './imports-store.js';
import { SqliteJobsStore } from './jobs-store.js';
import { SqliteListsStore } from './lists-store.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { StatementCache } from './statement-cache.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { SqliteWebhooksStore } from './webhooks-store.js';

/**
 * The store on one better-sqlite3 connection, synchronous as the driver is (seeding and
 * tests use it directly); SqliteBackend puts the async store contract in front of it.
 */
export class SqliteStore {
  readonly sql: StatementCache;
  readonly accounts: SqliteAccountsStore;
  readonly contacts: SqliteContactsStore;
  readonly lists: SqliteListsStore;
  readonly imports: SqliteImportsStore;
  readonly jobs: SqliteJobsStore;
  readonly changes: SqliteChangesStore;
  readonly idempotency: SqliteIdempotencyStore;
  readonly webhooks: SqliteWebhooksStore;

  /**
   * @param now the clock, epoch ms (tests move it).
   * @param canWrite false while another connection holds the write lock.
   */
  private checkpointer: WalCheckpointer | null = null;

  constructor(
    readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
    canWrite: () => boolean = () => true,
  ) {
    this.sql = new StatementCache(db);
    this.accounts = new SqliteAccountsStore(this.sql);
    this.contacts = new SqliteContactsStore(this.sql);
    this.lists = new SqliteListsStore(this.sql, this.contacts);
    this.imports = new SqliteImportsStore(this.sql, this.contacts, now, canWrite);
    this.jobs = new SqliteJobsStore(this.sql);
    this.changes = new SqliteChangesStore(this.sql, this.contacts);
    this.idempotency = new SqliteIdempotencyStore(this.sql);
    this.webhooks = new SqliteWebhooksStore(this.sql, db);
  }

  /** Moves WAL checkpoints off the event loop (file databases; a no-op in memory). */
  checkpointInBackground(): void {
    if (this.db.memory || this.checkpointer) return;
    this.checkpointer = new WalCheckpointer(this.db.name);
    this.db.pragma('wal_autocheckpoint = 0');
  }

  static open(filename = ':memory:', now?: () => number, canWrite?: () => boolean): SqliteStore {
    return new SqliteStore(openDatabase(filename), now, canWrite);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  openJobStore(): SqliteStore | null {
    if (this.db.memory) return null;
    const jobStore = SqliteStore.open(this.db.name, this.now);
    if (this.checkpointer) jobStore.db.pragma('wal_autocheckpoint = 0');
    // A smaller cache spills a long transaction's pages to the log slice by slice, so its
    // COMMIT has less left to write while requests wait. No file mapping: the pages a
    // million-row commit reads would count as the server's memory, on top of its cache.
    jobStore.db.pragma('cache_size = -65536');
    jobStore.db.pragma('mmap_size = 0');
    return jobStore;
  }

  openBackgroundDeleter(accountId: string, createdBefore: string, jobId: string): BackgroundDeleter | null {
    return this.db.memory ? null : new SqliteBackgroundDeleter(this.db.name, this.sql.accountRid(accountId), createdBefore, jobId, this.checkpointer !== null);
  }

  close(): Promise<void> {
    const checkpointerStopped = this.checkpointer?.stop() ?? Promise.resolve();
    this.checkpointer = null;
    this.db.close();
    return checkpointerStopped;
  }
}
