// The storage contract: everything the routes, middleware and jobs need from a database.
// SQLite (store/sqlite) and PostgreSQL (store/postgres) implement it; nothing outside store/
// writes SQL. Every call is async so a network database fits behind the same methods;
// several calls that must see and change one consistent state go through `transaction`.
import type {
  Account,
  Change,
  Contact,
  ContactList,
  ContactPage,
  ContactSort,
  Import,
  ImportCounts,
  Job,
  JobError,
  JobKind,
  JobStatus,
  OptOutSource,
  ConsentStatus,
  Permissions,
  Role,
  Session,
  User,
} from '@contacts-manager/core/schema';
import type { WebhooksStore } from './webhooks-store-types.js';

/** Who is calling: an account secret key (every right) or one user's session. */
export interface Principal {
  kind: 'secret_key' | 'session';
  account: Account;
  user: { id: string; name: string; role: Role } | null;
  permissions: Permissions;
  /** A stable, non-secret handle of the token: rate limits and idempotency keys are scoped to it. */
  tokenHash: string;
}

export interface CreateAccountInput {
  name: string;
  defaultCountry?: string;
  /** A fixed secret key (the demo account); a random one otherwise. */
  secretKey?: string;
  /** Permissions switched off for every user of this account type. */
  disabledPermissions?: (keyof Permissions)[];
}

export interface UserChanges {
  name?: string | undefined;
  role?: Role | undefined;
  permissions?: Partial<Permissions> | undefined;
}

export interface AccountsStore {
  createAccount(input: CreateAccountInput): Promise<{ account: Account; secretKey: string }>;
  /** Null for anything unknown, expired or malformed: all of them are 401. */
  resolveToken(token: string, nowMs: number): Promise<Principal | null>;
  createUser(accountId: string, input: { name: string; role: Role; permissions?: Partial<Permissions> | undefined }): Promise<User>;
  findUser(accountId: string, userId: string): Promise<User | null>;
  updateUser(accountId: string, userId: string, changes: UserChanges): Promise<User | null>;
  listUsers(accountId: string, afterId: string | null, limit: number): Promise<User[]>;
  createSession(accountId: string, user: User, ttlSeconds: number, nowMs: number): Promise<Session>;
  deleteExpiredSessions(nowMs: number): Promise<void>;
  /**
   * A secret of the installation (the cursor key), made once: the stored value, or `candidate`
   * stored now when there is none. Every instance on the database gets the same one, even
   * when several start at once.
   */
  installationSecret(name: string, candidate: string): Promise<string>;
  /** The account's live secret keys, oldest first; only hashes are stored, so a key shows as its id. */
  listSecretKeys(accountId: string): Promise<SecretKeyInfo[]>;
  /** A new secret key for the account, alongside the others (roll keys without downtime). */
  createSecretKey(accountId: string): Promise<SecretKeyInfo & { secretKey: string }>;
  /** Revokes the key with this id: 401 from the next request on. False when the account has no such key. */
  revokeSecretKey(accountId: string, keyId: string): Promise<boolean>;
}

/** A secret key as it can be shown again: its id (from its hash) and when it was made. */
export interface SecretKeyInfo {
  id: string;
  createdAt: string;
}

/** A contact's new values, validated and normalized (phone in E.164, email lower-cased). */
export interface ContactValues {
  fullName: string;
  phone: string;
  email: string | null;
  listIds: string[];
  optedOut: boolean;
}

export interface ContactChanges {
  fullName?: string;
  phone?: string;
  email?: string | null;
  listIds?: string[];
  optedOut?: boolean;
}

export interface ContactFilter {
  q?: string | undefined;
  listId?: string | undefined;
  optedOut?: boolean | undefined;
  email?: string | undefined;
  /** Normalized to E.164 (or the raw text when it could not be). */
  phone?: string | undefined;
  /**
   * The account's calling code ("1"): a 1–2 character `q` matches the start of the national
   * digits of the account's numbers (and the international digits of the others).
   */
  callingCode?: string | undefined;
  sort: ContactSort;
  limit: number;
  cursor?: string | undefined;
}

/** One CSV export row. */
export interface ExportRow {
  id: string;
  fullName: string;
  phone: string;
  email: string | null;
  listNames: string[];
  optedOut: boolean;
}

export interface ContactsStore {
  get(accountId: string, id: string): Promise<Contact | null>;
  /** As get, or 404 `not_found`. */
  require(accountId: string, id: string): Promise<Contact>;
  getMany(accountId: string, ids: readonly string[]): Promise<Contact[]>;
  findIdByPhone(accountId: string, phone: string): Promise<string | null>;
  list(accountId: string, filter: ContactFilter): Promise<Omit<ContactPage, 'feedSeq'>>;
  /**
   * As list, with the feed's `feedSeq` read in the same snapshot as the page, so a follower
   * starting from it may replay a change but never miss one (one round trip on a network database).
   */
  listWithFeedSeq(accountId: string, filter: ContactFilter): Promise<ContactPage>;
  /** 409 `duplicate_phone`, 404 for unknown lists. */
  create(accountId: string, values: ContactValues): Promise<Contact>;
  /** 412 on a stale If-Match, 409 `opt_out_locked` / `duplicate_phone`. */
  update(accountId: string, id: string, changes: ContactChanges, ifMatch: string | undefined): Promise<Contact>;
  delete(accountId: string, id: string, ifMatch: string | undefined): Promise<void>;
  setConsent(accountId: string, contactId: string, status: ConsentStatus): Promise<void>;
  /** Bumps version and feed for contacts whose derived state changed. */
  touch(accountId: string, contactIds: readonly string[]): Promise<void>;
  assertListsExist(accountId: string, listIds: readonly string[], field?: string): Promise<void>;
  /** The opt-out register: keyed by number; only an opt-in keyword removes an entry. */
  addToOptOutRegister(accountId: string, phone: string, source: OptOutSource, keyword?: string | null): Promise<boolean>;
  removeFromOptOutRegister(accountId: string, phone: string): Promise<boolean>;
  /** Export rows in name order after a keyset position; `null` starts at the beginning. */
  exportBatch(accountId: string, listId: string | null, after: readonly [string, string] | null, limit: number): Promise<{ rows: ExportRow[]; next: [string, string] | null }>;
  contactCount(accountId: string): Promise<number>;
  /**
   * Delete-all: removes up to `limit` contacts created at or before `createdBefore` and adds
   * how many to job `jobId`'s progress in the same transaction (a resumed job counts exactly).
   */
  deleteBatch(accountId: string, createdBefore: string, limit: number, jobId: string): Promise<number>;
  /** Search index housekeeping (after imports and deletes), up to `limit` rows; 0 when nothing is left. */
  sweepSearchIndex(limit: number): Promise<number>;
}

export interface ListsStore {
  list(accountId: string, after: readonly [string, string] | null, limit: number): Promise<{ lists: ContactList[]; next: [string, string] | null }>;
  /** As get, or 404 `not_found`. */
  require(accountId: string, id: string): Promise<ContactList>;
  /** 409 `list_name_taken` when the name (ignoring case) is in use. */
  create(accountId: string, name: string): Promise<ContactList>;
  rename(accountId: string, id: string, name: string): Promise<ContactList>;
  /** The list goes, its contacts stay (each one's new listIds reaches the feed). */
  delete(accountId: string, id: string): Promise<void>;
}

export type CommitOutcome = { ok: true; counts: ImportCounts } | { ok: false; error: JobError };

/** A staged row, validated and normalized when its chunk arrived. */
export interface StagedRow {
  fullName: string;
  phone: string;
  email: string | null;
  /** The row says the number opted out (the CSV's "Opted Out" column): the commit adds it to the register. */
  optedOut?: boolean;
}

export interface ImportsStore {
  get(accountId: string, id: string): Promise<Import>;
  create(accountId: string, input: { listId?: string | undefined; totalRows?: number | undefined; filename?: string | undefined }): Promise<Import>;
  /** Rows staged so far, without the rest of the import's state (not_found when it is not the account's): each chunk PUT asks. */
  stagedRows(accountId: string, id: string): Promise<number>;
  putChunk(accountId: string, id: string, index: number, rows: StagedRow[]): Promise<void>;
  beginCommit(accountId: string, id: string): Promise<{ stagedRows: number }>;
  attachJob(id: string, jobId: string): Promise<void>;
  abort(accountId: string, id: string): Promise<void>;
  /** A commit that will not run again (its job gave up): the import is open again, with `error`. */
  reopen(accountId: string, id: string, error: JobError): Promise<void>;
  /**
   * Applies every staged row in one transaction (all or nothing), reporting progress (rows
   * applied so far, not yet visible to others) along the way, and marks the import completed;
   * on failure the import is open again (with the outcome's error), its rows still staged.
   * Run again after an interruption it resumes; on a completed import it answers its counts.
   */
  commit(accountId: string, id: string, onProgress: (done: number) => void): Promise<CommitOutcome>;
  expireStale(): Promise<number>;
}

export interface JobFields {
  status?: JobStatus;
  done?: number;
  total?: number;
  result?: unknown;
  error?: JobError;
}

/** A job this instance now holds the lease of. */
export interface ClaimedJob {
  job: Job;
  accountId: string;
  /** What the job works on, as given to `create` (an import id, a cut-off time, a bulk action). */
  payload: Record<string, unknown>;
  /** 1 on the first run; more when a run before it was cut off (its lease lapsed). */
  attempt: number;
}

/**
 * Jobs live in the database and run under a lease: an instance claims a queued job (or one
 * whose lease lapsed because its instance died), renews the lease while it works, and only
 * the lease holder may finish it.
 */
export interface JobsStore {
  get(accountId: string, id: string): Promise<Job | null>;
  create(accountId: string, kind: JobKind, total: number, payload?: Record<string, unknown>): Promise<Job>;
  /** Progress and totals while running (status and results go through `finish`). */
  update(id: string, fields: JobFields): Promise<void>;
  findActive(accountId: string, kind: JobKind): Promise<Job | null>;
  /** Takes the oldest job that is queued or whose lease lapsed before `nowMs`, for `leaseMs`; null when none is. */
  claim(owner: string, leaseMs: number, nowMs: number): Promise<ClaimedJob | null>;
  /** Extends the lease; false when `owner` no longer holds it (it lapsed and was taken). */
  renewLease(id: string, owner: string, leaseMs: number, nowMs: number): Promise<boolean>;
  /** Ends the job as succeeded or failed; false (nothing written) when `owner` no longer holds its lease. */
  finish(id: string, owner: string, fields: JobFields & { status: 'succeeded' | 'failed' }): Promise<boolean>;
  /** Gives the job back to the queue at once (a graceful shutdown). */
  release(id: string, owner: string): Promise<void>;
}

export interface ChangesStore {
  /** The account's compaction point: a cursor below it missed deletes. */
  floor(accountId: string): Promise<number>;
  /** The account's newest feed position (0 when it has none): a contacts page reports it as `feedSeq`. */
  head(accountId: string): Promise<number>;
  page(accountId: string, after: number, limit: number): Promise<{ data: Change[]; nextAfter: number; hasMore: boolean }>;
  /** Drops delete entries older than `cutoffMs` and moves each account's floor. */
  compact(cutoffMs: number): Promise<number>;
}

export interface StoredResponse {
  fingerprint: string;
  state: 'running' | 'done';
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
  createdAt: number;
}

export interface IdempotencyStore {
  find(principal: string, key: string): Promise<StoredResponse | null>;
  /** False when the key is already taken. */
  start(principal: string, key: string, fingerprint: string, nowMs: number): Promise<boolean>;
  finish(principal: string, key: string, status: number, headers: Record<string, string>, body: string): Promise<void>;
  forget(principal: string, key: string): Promise<void>;
  /** Drops finished keys older than `cutoffMs`, and every running one when `running` (startup). */
  prune(cutoffMs: number, running?: boolean): Promise<void>;
}

/** Request counters of the rate limit, per token and window. */
export interface RateLimitsStore {
  /** Counts one request of `key` at `nowMs` in a window of `windowMs`: how many it has made in it, this one included, and when the window ends. */
  hit(key: string, nowMs: number, windowMs: number): Promise<{ used: number; resetAtMs: number }>;
}

/** Deletes an account's contacts off the event loop, a transaction per call (delete-all). */
export interface BackgroundDeleter {
  /**
   * Deletes up to `rows` more contacts in one transaction, stopping early once it has run
   * `budgetMs`; resolves with how many went (0: none were left).
   */
  deleteTransaction(rows: number, budgetMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface Store {
  readonly accounts: AccountsStore;
  readonly contacts: ContactsStore;
  readonly lists: ListsStore;
  readonly imports: ImportsStore;
  readonly jobs: JobsStore;
  readonly changes: ChangesStore;
  readonly idempotency: IdempotencyStore;
  readonly webhooks: WebhooksStore;
  readonly rateLimits: RateLimitsStore;
  /**
   * Runs `work` in one transaction on the store it is handed (`tx`): everything done through
   * `tx` commits together or not at all. Calls on `tx.transaction` join the open one.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * A deleter on its own thread and connection for the contacts created up to `createdBefore`
   * (counting them into job `jobId` as deleteBatch does); null when the backend has none.
   */
  openBackgroundDeleter(accountId: string, createdBefore: string, jobId: string): BackgroundDeleter | null;
  /** Runs `callback` once the transaction `this` belongs to has committed (at once outside one). */
  afterCommit(callback: () => void): void;
  /** Closes the connection(s); settles once background work on the database has ended. */
  close(): Promise<void>;
}
