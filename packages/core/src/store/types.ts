// The public shape of the live contacts store: the one state the widget renders.
import type { ContactsClient } from '../client/types.js';
import type {
  Contact,
  ContactBulkAction,
  ContactCreateInput,
  ContactList,
  ContactPatchInput,
  ContactSort,
  Job,
  Me,
} from '../schema/index.js';

/** What the list shows: search text, list filter, sort. */
export interface ContactsQuery {
  q: string;
  listId: string | null;
  sort: ContactSort;
}

/** The contacts picked for a bulk action: checked ids, or every contact matching the query. */
export interface ContactSelection {
  ids: readonly string[];
  /** "Select all N matching": the action goes to the server as the query's filter. */
  allMatching: boolean;
}

/** What an export covers: everything, the current search and list filter, or the selection. */
export type ExportScope = 'all' | 'query' | 'selection';

/** A stale edit (412): what the user tried, and the server's newer contact. */
export interface ContactConflict {
  contactId: string;
  attempted: ContactPatchInput;
  current: Contact;
}

/** A store-level failure the UI can show: a sentence, the stable code, and the original error. */
export interface StoreError {
  code: string;
  message: string;
  cause: unknown;
}

/** An immutable snapshot; a new object on every change (compare by reference). */
export interface ContactsState {
  /** idle before start(); loading on the first page of a query; ready; error when nothing could be shown. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  me: Me | null;
  lists: readonly ContactList[];
  query: Readonly<ContactsQuery>;
  /** The loaded pages, in order, without duplicates. */
  contacts: readonly Contact[];
  /** Exact count for the current query, from the server. */
  total: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  selectedId: string | null;
  /** The selected contact (from the loaded pages or fetched by id). */
  selected: Contact | null;
  /** Ids with an optimistic write in flight. */
  pendingIds: readonly string[];
  conflict: ContactConflict | null;
  /** The last failure not yet dismissed. */
  error: StoreError | null;
  /** The network is unreachable: what is shown comes from the cache and is read-only. */
  offline: boolean;
  /** The contacts shown were restored from the cache and not yet confirmed by the server. */
  fromCache: boolean;
  /** A long job the store is following (delete all, import commit, bulk action). */
  activeJob: Job | null;
  /** The contacts checked for a bulk action (cleared when the query changes). */
  selection: ContactSelection;
  /** A bulk action under way: what it does and how far it is (the widget stays usable meanwhile). */
  bulk: { action: ContactBulkAction; count: number; done: number } | null;
}

export interface ContactsCache {
  /** Keyed by account id + query; a small bounded set. */
  readPage(key: string): Promise<{ contacts: Contact[]; total: number | null } | undefined>;
  writePage(key: string, page: { contacts: Contact[]; total: number | null }): Promise<void>;
  readContact(accountId: string, id: string): Promise<Contact | undefined>;
  writeContact(accountId: string, contact: Contact): Promise<void>;
  deleteContact(accountId: string, id: string): Promise<void>;
  readMeta<T>(key: string): Promise<T | undefined>;
  writeMeta<T>(key: string, value: T): Promise<void>;
  clear(accountId?: string): Promise<void>;
}

export interface ContactsStoreOptions {
  /** An IndexedDB cache (`createIndexedDbCache()`), or none. */
  cache?: ContactsCache | null;
  pageSize?: number;
  /** Change-feed polling while visible; faster while a job runs. Defaults 5000 / 750 ms. */
  pollIntervalMs?: number;
  jobPollIntervalMs?: number;
}

export interface ContactsStore {
  readonly client: ContactsClient;
  getState(): ContactsState;
  /** Called with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (state: ContactsState) => void): () => void;
  /** Loads me, lists and the first page (painting the cache first when there is one); starts polling. */
  start(): Promise<void>;
  /** Stops polling and timers; the store can be started again. */
  stop(): void;
  /** Polls the change feed only while the host page is visible. */
  setVisible(visible: boolean): void;
  setQuery(patch: Partial<ContactsQuery>): Promise<void>;
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  createContact(input: ContactCreateInput): Promise<Contact>;
  /** Optimistic; rolls back on error; a 412 sets `conflict` and rejects with PreconditionFailedError. */
  updateContact(id: string, patch: ContactPatchInput, options?: { ifMatch?: number }): Promise<Contact>;
  /** Applies the user's choice on a conflict: keep the server's version, or re-apply the edit over it. */
  resolveConflict(choice: 'keep-theirs' | 'overwrite'): Promise<Contact | null>;
  deleteContact(id: string): Promise<void>;
  optOut(id: string): Promise<Contact>;
  sendConsentMessage(id: string): Promise<Contact>;
  createList(name: string): Promise<ContactList>;
  renameList(id: string, name: string): Promise<ContactList>;
  /** Deletes a list (its contacts stay); the filter falls back to all contacts if it showed it. */
  deleteList(id: string): Promise<void>;
  /** Replaces the bulk selection. */
  setSelection(selection: ContactSelection): void;
  /**
   * Runs a bulk action over the selection: ids in jobs of ≤ 1000, or the query's filter for
   * "all matching". Follows the jobs (progress in `bulk`), then clears the selection.
   */
  runBulk(action: ContactBulkAction, options?: { listId?: string }): Promise<number>;
  /** The CSV export of a scope, as a stream (ids past 200 are fetched in several requests). */
  exportCsv(scope: ExportScope, options?: { signal?: AbortSignal }): Promise<ReadableStream<Uint8Array>>;
  refreshLists(): Promise<void>;
  /** Starts delete-all and follows the job; the list shrinks as the change feed reports deletes. */
  deleteAll(options?: { onProgress?: (job: Job) => void; signal?: AbortSignal }): Promise<Job>;
  /** Follows a job started elsewhere (an import commit) with fast change-feed polling. */
  trackJob(job: Job, options?: { onProgress?: (job: Job) => void; signal?: AbortSignal }): Promise<Job>;
  dismissError(): void;
}
