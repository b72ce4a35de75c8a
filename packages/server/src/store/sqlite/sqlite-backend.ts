import { setImmediate as nextTick } from 'node:timers/promises';
import type {
  AccountsStore,
  BackgroundDeleter,
  ChangesStore,
  CommitOutcome,
  ContactsStore,
  IdempotencyStore,
  ImportsStore,
  JobsStore,
  ListsStore,
  RateLimitsStore,
  Store,
} from '../types.js';
import type { WebhooksStore } from '../webhooks-store-types.js';
import { MemoryRateLimits } from '../memory-rate-limits.js';
import { SqliteStore } from './sqlite-store.js';

/**
 * Keeps the connection to one transaction at a time. better-sqlite3 has one connection per
 * store, so while a transaction is open (across the awaits of its work) any other call on
 * the store waits here instead of running inside it.
 */
class TransactionLock {
  private released: Promise<void> | null = null;
  private release: () => void = () => {};

  /** Runs `call` now when no transaction is open, else once it has ended. */
  run<R>(call: () => R): Promise<R> {
    if (this.released) return this.released.then(() => this.run(call));
    try {
      return Promise.resolve(call());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async acquire(): Promise<void> {
    while (this.released) await this.released;
    this.released = new Promise<void>((resolve) => (this.release = resolve));
  }

  free(): void {
    this.released = null;
    this.release();
  }
}

const runNow = <R>(call: () => R): Promise<R> => {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
};

/** The async face of a synchronous SQLite store: the same methods, answering promises. */
function adapt<T extends object>(target: object, run: <R>(call: () => R) => Promise<R>): T {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const known = methods.get(property);
      if (known) return known;
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = (...args: unknown[]): Promise<unknown> => run(() => (value as (...a: unknown[]) => unknown).apply(object, args));
      methods.set(property, method);
      return method;
    },
  }) as T;
}

/** The stores of one SQLite connection, answering through `run`. */
class SqliteFacade {
  readonly accounts: AccountsStore;
  readonly contacts: ContactsStore;
  readonly lists: ListsStore;
  readonly imports: ImportsStore;
  readonly jobs: JobsStore;
  readonly changes: ChangesStore;
  readonly idempotency: IdempotencyStore;
  readonly webhooks: WebhooksStore;
  readonly rateLimits: RateLimitsStore;

  constructor(
    readonly sqlite: SqliteStore,
    run: <R>(call: () => R) => Promise<R>,
    commit: ImportsStore['commit'],
    rateLimits: RateLimitsStore,
  ) {
    this.accounts = adapt(sqlite.accounts, run);
    const contacts = adapt<Omit<ContactsStore, 'listWithFeedSeq'>>(sqlite.contacts, run);
    // One synchronous call: no write commits between reading the feed head and the page.
    const listWithFeedSeq: ContactsStore['listWithFeedSeq'] = (accountId, filter) =>
      run(() => {
        const feedSeq = sqlite.changes.head(accountId);
        return { ...sqlite.contacts.list(accountId, filter), feedSeq };
      });
    this.contacts = Object.assign(Object.create(contacts) as Omit<ContactsStore, 'listWithFeedSeq'>, { listWithFeedSeq });
    this.lists = adapt(sqlite.lists, run);
    const imports = adapt<Omit<ImportsStore, 'commit'>>(sqlite.imports, run);
    this.imports = Object.assign(Object.create(imports) as Omit<ImportsStore, 'commit'>, { commit });
    this.jobs = adapt(sqlite.jobs, run);
    this.changes = adapt(sqlite.changes, run);
    this.idempotency = adapt(sqlite.idempotency, run);
    this.webhooks = adapt(sqlite.webhooks, run);
    this.rateLimits = rateLimits;
  }

  openBackgroundDeleter(accountId: string, createdBefore: string, jobId: string): BackgroundDeleter | null {
    return this.sqlite.openBackgroundDeleter(accountId, createdBefore, jobId);
  }
}

/** Inside SqliteBackend.transaction: calls run at once, on the open transaction. */
class SqliteTransaction extends SqliteFacade implements Store {
  /** Callbacks waiting for the open transaction to commit. */
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

/** The store contract on SQLite: the synchronous SqliteStore behind async methods. */
export class SqliteBackend extends SqliteFacade implements Store {
  private readonly lock: TransactionLock;
  private readonly tx: SqliteTransaction;
  /** A second connection for import commits (one long write transaction), opened on first use. */
  private jobStore: SqliteStore | null | undefined;

  constructor(sqlite: SqliteStore) {
    const lock = new TransactionLock();
    const rateLimits = new MemoryRateLimits();
    super(sqlite, (call) => lock.run(call), (accountId, id, onProgress) => this.commitImport(accountId, id, onProgress), rateLimits);
    this.lock = lock;
    this.tx = new SqliteTransaction(sqlite, runNow, () => Promise.reject(new Error('An import commit runs as its own transaction.')), rateLimits);
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    await this.lock.acquire();
    const { db } = this.sqlite;
    try {
      db.exec('BEGIN');
      const result = await work(this.tx);
      db.exec('COMMIT');
      const callbacks = this.tx.committed;
      this.tx.committed = [];
      this.lock.free();
      for (const callback of callbacks) callback();
      return result;
    } catch (error) {
      this.tx.committed = [];
      if (db.inTransaction) db.exec('ROLLBACK');
      this.lock.free();
      throw error;
    }
  }

  afterCommit(callback: () => void): void {
    callback();
  }

  /**
   * The commit is one transaction. On its own connection it yields between slices, so the
   * main connection keeps serving reads of the last committed state (WAL); an in-memory
   * database has no second connection and commits in one go.
   */
  private async commitImport(accountId: string, id: string, onProgress: (done: number) => void): Promise<CommitOutcome> {
    if (this.jobStore === undefined) this.jobStore = this.sqlite.openJobStore();
    const jobStore = this.jobStore;
    if (!jobStore) {
      await this.lock.acquire();
      try {
        const steps = this.sqlite.imports.commitSteps(accountId, id);
        for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
      } finally {
        this.lock.free();
      }
    }
    const steps = jobStore.imports.commitSteps(accountId, id);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      onProgress(step.value);
      await nextTick();
    }
  }

  async close(): Promise<void> {
    await this.lock.acquire();
    await this.jobStore?.close();
    this.jobStore = undefined;
    await this.sqlite.close();
  }
}
