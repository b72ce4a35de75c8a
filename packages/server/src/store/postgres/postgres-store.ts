import pg from 'pg';
import type { BackgroundDeleter, Store } from '../types.js';
import { PostgresAccountsStore } from './accounts-store.js';
import { PostgresBackgroundDeleter } from './background-deleter.js';
import { PostgresChangesStore } from './changes-store.js';
import { PostgresContactsStore } from './contacts-store.js';
import { PostgresIdempotencyStore } from './idempotency-store.js';
import { PostgresImportsStore, type RunInTransaction } from './imports-store.js';
import { PostgresJobsStore } from './jobs-store.js';
import { PostgresListsStore } from './lists-store.js';
import { migrate } from './migrations.js';
import { PostgresWebhooksStore } from './webhooks-store.js';
import { PostgresRateLimitsStore } from './rate-limits-store.js';
import type { Queryable } from './queryable.js';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Connections this instance keeps at most (default 10). */
  poolSize?: number;
  /** Longest a statement may run before the server cancels it, in ms (default 30 s; 0: no limit). */
  statementTimeoutMs?: number;
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
}

/** The stores over one connection (or the pool), and how to run a transaction from them. */
class PostgresStores {
  readonly accounts: PostgresAccountsStore;
  readonly contacts: PostgresContactsStore;
  readonly lists: PostgresListsStore;
  readonly imports: PostgresImportsStore;
  readonly jobs: PostgresJobsStore;
  readonly changes: PostgresChangesStore;
  readonly idempotency: PostgresIdempotencyStore;
  readonly webhooks: PostgresWebhooksStore;
  readonly rateLimits: PostgresRateLimitsStore;

  constructor(
    db: Queryable,
    private readonly runInTransaction: RunInTransaction,
    now: () => number,
  ) {
    this.accounts = new PostgresAccountsStore(db);
    this.contacts = new PostgresContactsStore(db);
    this.lists = new PostgresListsStore(db, this.contacts, runInTransaction);
    this.imports = new PostgresImportsStore(db, this.contacts, runInTransaction, now);
    this.jobs = new PostgresJobsStore(db);
    this.changes = new PostgresChangesStore(db, this.contacts);
    this.idempotency = new PostgresIdempotencyStore(db);
    this.webhooks = new PostgresWebhooksStore(db, runInTransaction);
    this.rateLimits = new PostgresRateLimitsStore(db);
  }

  /** Delete-all in transactions of its own sizing, each on a pooled connection (readers never wait for them). */
  openBackgroundDeleter(accountId: string, createdBefore: string, jobId: string): BackgroundDeleter | null {
    return new PostgresBackgroundDeleter(this.runInTransaction, accountId, createdBefore, jobId);
  }
}

/** Inside PostgresStore.transaction: everything on the transaction's client. */
class PostgresTransaction extends PostgresStores implements Store {
  committed: (() => void)[] = [];

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return work(this);
  }

  afterCommit(callback: () => void): void {
    this.committed.push(callback);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('A transaction cannot close the store.'));
  }
}

/**
 * The store contract on PostgreSQL, through a pool of `pg` connections. Any number of
 * server processes may share the database: everything that matters lives in it.
 */
export class PostgresStore extends PostgresStores implements Store {
  private constructor(
    readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {
    super(pool, (work) => PostgresStore.runOn(pool, work), now);
  }

  /** Connects and brings the schema up to date (under a lock: instances may start together). */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const store = PostgresStore.connect(options);
    try {
      await migrate(store.pool);
    } catch (error) {
      await store.pool.end();
      throw error;
    }
    return store;
  }

  /** Connects without migrating (`contacts-server migrate` does that). */
  static connect(options: PostgresOptions): PostgresStore {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      ...(options.statementTimeoutMs !== 0 ? { statement_timeout: options.statementTimeoutMs ?? 30_000 } : {}),
      application_name: 'contacts-server',
    });
    // An idle connection that the server drops (a restart, a failover) must not crash the process.
    pool.on('error', (error) => console.error('contacts-server: a pooled PostgreSQL connection failed; the pool replaces it', error));
    return new PostgresStore(pool, options.now ?? Date.now);
  }

  /** Runs `work` in a transaction on a client of `pool` (benchmarks drive the stores' parts with it too). */
  static async runOn<T>(pool: pg.Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    let tx: PostgresTransaction | null = null;
    const result = await PostgresStore.runOn(this.pool, (client) => {
      tx = new PostgresTransaction(client, (inner) => inner(client), this.now);
      return work(tx);
    });
    for (const callback of (tx as PostgresTransaction | null)?.committed ?? []) callback();
    return result;
  }

  afterCommit(callback: () => void): void {
    callback();
  }

  /** True when the database answers (for /healthz). */
  async ping(): Promise<boolean> {
    await this.pool.query('SELECT 1');
    return true;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
