// The live contacts store: one framework-free state the widget renders. Immutable
// snapshots, optimistic writes with rollback, 412 conflicts, freshness from the change
// feed, and an optional cache that paints instantly and keeps working offline (read-only).
import type { ContactsClient } from '../client/types.js';
import {
  ContactsApiError,
  NetworkError,
  NotFoundError,
  PreconditionFailedError,
} from '../errors/contacts-api-error.js';
import type { Change, Contact, ContactCreateInput, ContactList, ContactPatchInput, Job } from '../schema/index.js';
import {
  applyPatchOptimistically,
  fitsLoadedWindow,
  insertSorted,
  matchesQuery,
} from './contact-query.js';
import type {
  ContactSelection,
  ContactsCache,
  ContactsQuery,
  ContactsState,
  ContactsStore,
  ContactsStoreOptions,
  StoreError,
} from './types.js';

const LAST_ACCOUNT_KEY = 'last-account';

interface CachedSession {
  me: ContactsState['me'];
  lists: readonly ContactList[];
  after: number | null;
}
/** Past this many feed pages in one poll, reloading the view is cheaper than replaying. */
const MAX_CATCH_UP_PAGES = 5;
const FEED_PAGE_SIZE = 500;

const INITIAL_STATE = Object.freeze<ContactsState>({
  status: 'idle',
  me: null,
  lists: [],
  query: { q: '', listId: null, sort: 'name' },
  contacts: [],
  total: null,
  hasMore: false,
  loadingMore: false,
  selectedId: null,
  selected: null,
  pendingIds: [],
  conflict: null,
  error: null,
  offline: false,
  fromCache: false,
  activeJob: null,
  selection: Object.freeze({ ids: Object.freeze([]) as readonly string[], allMatching: false }),
  bulk: null,
});

function isNetworkFailure(error: unknown): boolean {
  return error instanceof NetworkError;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function toStoreError(error: unknown): StoreError {
  return {
    code: error instanceof ContactsApiError ? error.code : 'unknown_error',
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  };
}

function offlineError(): NetworkError {
  return new NetworkError({
    status: 0,
    code: 'offline',
    message: 'You are offline: contacts are read-only until the connection returns.',
  });
}

/** The server's limit of ids in one bulk request. */
const BULK_IDS_PER_JOB = 1000;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function sortLists(lists: readonly ContactList[]): ContactList[] {
  return [...lists].sort((a, b) => a.name.localeCompare(b.name));
}

export function createContactsStore(client: ContactsClient, options: ContactsStoreOptions = {}): ContactsStore {
  const cache: ContactsCache | null = options.cache ?? null;
  const pageSize = options.pageSize ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const jobPollIntervalMs = options.jobPollIntervalMs ?? 750;

  let state: ContactsState = INITIAL_STATE;
  const listeners = new Set<(state: ContactsState) => void>();
  let running = false;
  let visible = true;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling: Promise<void> | null = null;
  let trackedJobs = 0;
  /** Bumped on every query change: answers for an older query are dropped. */
  let queryVersion = 0;
  let selectVersion = 0;
  let totalVersion = 0;
  let nextCursor: string | null = null;
  let accountId: string | null = null;
  let feedAfter: number | null = null;
  /**
   * The ids of the loaded contacts, kept while only pages are appended: scrolling through 100k
   * contacts would otherwise rebuild a 100k-entry set on every page.
   */
  let loadedIds: { contacts: readonly Contact[]; ids: Set<string> } | null = null;
  function loadedIdsOf(contacts: readonly Contact[]): Set<string> {
    if (loadedIds?.contacts !== contacts) loadedIds = { contacts, ids: new Set(contacts.map((contact) => contact.id)) };
    return loadedIds.ids;
  }

  function set(patch: Partial<ContactsState>): void {
    // No new snapshot (and no re-render) when nothing changed.
    if (Object.entries(patch).every(([key, value]) => state[key as keyof ContactsState] === value)) return;
    for (const value of Object.values(patch)) if (Array.isArray(value)) Object.freeze(value);
    state = Object.freeze({ ...state, ...patch });
    for (const listener of [...listeners]) listener(state);
  }

  // ---- cache (every call is best effort) -------------------------------------------------
  const pageKey = (query: Readonly<ContactsQuery>) => `${accountId}|page|${query.sort}|${query.listId ?? ''}|${query.q.trim()}`;
  const quietly = (work: Promise<unknown> | undefined) => void work?.catch(() => undefined);
  function persistPage(): void {
    if (!cache || !accountId || state.fromCache) return;
    quietly(cache.writePage(pageKey(state.query), { contacts: state.contacts.slice(0, pageSize * 2), total: state.total }));
  }
  function persistContact(contact: Contact): void {
    if (cache && accountId) quietly(cache.writeContact(accountId, contact));
  }
  /** What a reload needs before the server answers: me, the lists, the feed position. */
  function persistSession(): void {
    if (cache && accountId) {
      const session: CachedSession = { me: state.me, lists: state.lists, after: feedAfter };
      quietly(cache.writeMeta(`${accountId}|session`, session));
    }
  }

  // ---- list edits -------------------------------------------------------------------------
  function findLoaded(id: string): Contact | null {
    return state.contacts.find((contact) => contact.id === id) ?? (state.selected?.id === id ? state.selected : null);
  }

  /** Puts a contact's new version where the query would show it (or removes it) and adjusts the total. */
  function placeContact(contact: Contact, previous?: Contact | null): void {
    const wasShown = state.contacts.some((item) => item.id === (previous?.id ?? contact.id));
    let contacts = state.contacts.filter((item) => item.id !== contact.id && item.id !== previous?.id);
    let total = state.total;
    const shows = matchesQuery(contact, state.query) && (wasShown || fitsLoadedWindow(contacts, contact, state.query.sort, state.hasMore));
    if (shows) contacts = insertSorted(contacts, contact, state.query.sort);
    if (total !== null) total += (shows ? 1 : 0) - (wasShown ? 1 : 0);
    const selected = state.selectedId === contact.id || state.selectedId === previous?.id ? contact : state.selected;
    const selectedId = selected === contact ? contact.id : state.selectedId;
    set({ contacts, total, selected, selectedId });
  }

  /** Moves the lists' counts by a contact's membership change, so "VIP (166)" follows at once. */
  function adjustListCounts(removedFrom: readonly string[], addedTo: readonly string[]): void {
    const delta = new Map<string, number>();
    for (const id of removedFrom) delta.set(id, (delta.get(id) ?? 0) - 1);
    for (const id of addedTo) delta.set(id, (delta.get(id) ?? 0) + 1);
    if (![...delta.values()].some((value) => value !== 0)) return;
    set({
      lists: state.lists.map((list) => {
        const change = delta.get(list.id) ?? 0;
        return change === 0 ? list : { ...list, contactCount: Math.max(0, list.contactCount + change) };
      }),
    });
  }

  function removeContact(id: string): void {
    const wasShown = state.contacts.some((item) => item.id === id);
    set({
      contacts: wasShown ? state.contacts.filter((item) => item.id !== id) : state.contacts,
      total: wasShown && state.total !== null ? Math.max(0, state.total - 1) : state.total,
      ...(state.selectedId === id ? { selectedId: null, selected: null } : {}),
    });
  }

  function addPending(id: string): void {
    set({ pendingIds: [...state.pendingIds, id] });
  }
  function removePending(id: string): void {
    const index = state.pendingIds.indexOf(id);
    if (index !== -1) set({ pendingIds: state.pendingIds.filter((_, i) => i !== index) });
  }

  function ensureWritable(): void {
    if (state.offline) {
      const error = offlineError();
      fail(error);
      throw error;
    }
  }

  function fail(error: unknown): void {
    if (isAbort(error)) return;
    set({ error: toStoreError(error), ...(isNetworkFailure(error) ? { offline: true } : {}) });
  }

  /** Shows a failure in `error`, and still rejects with it. */
  function reported<T>(work: Promise<T>): Promise<T> {
    return work.catch((error: unknown) => {
      fail(error);
      throw error;
    });
  }

  // ---- loading ----------------------------------------------------------------------------
  function listParams(query: Readonly<ContactsQuery>) {
    return {
      ...(query.q.trim() ? { q: query.q.trim() } : {}),
      ...(query.listId ? { listId: query.listId } : {}),
      sort: query.sort,
    };
  }

  async function paintFromCache(query: Readonly<ContactsQuery>): Promise<boolean> {
    if (!cache || !accountId) return false;
    const page = await cache.readPage(pageKey(query)).catch(() => undefined);
    if (!page || query !== state.query) return false;
    set({ contacts: page.contacts, total: page.total, hasMore: false, status: 'ready', fromCache: true });
    return true;
  }

  /**
   * Loads the current query's first page; resolves with the change-feed position the page reflects
   * (null when the answer was dropped or failed), so following the feed from there misses nothing.
   */
  async function loadFirstPage(): Promise<number | null> {
    const version = ++queryVersion;
    const query = state.query;
    if (!state.fromCache && state.status !== 'ready') set({ status: 'loading' });
    try {
      const page = await client.contacts.list({ ...listParams(query), limit: pageSize });
      if (version !== queryVersion) return null;
      nextCursor = page.nextCursor;
      set({
        contacts: page.data,
        total: page.total,
        hasMore: page.nextCursor !== null,
        loadingMore: false,
        status: 'ready',
        fromCache: false,
        offline: false,
      });
      persistPage();
      return page.feedSeq;
    } catch (error) {
      if (version !== queryVersion) return null;
      if (isNetworkFailure(error)) {
        const painted = state.fromCache || (await paintFromCache(query));
        set({ offline: true, status: painted ? 'ready' : 'error', error: toStoreError(error) });
        return null;
      }
      set({ status: 'error', error: toStoreError(error) });
      return null;
    }
  }

  async function loadLists(): Promise<void> {
    const lists: ContactList[] = [];
    for await (const list of client.lists.iterate()) lists.push(list);
    set({ lists: sortLists(lists) });
    persistSession();
  }

  /** The exact count for the current query, after feed entries made it uncertain. */
  async function refreshTotal(): Promise<void> {
    const version = queryVersion;
    const ticket = ++totalVersion;
    try {
      const page = await client.contacts.list({ ...listParams(state.query), limit: 1 });
      if (version === queryVersion && ticket === totalVersion) set({ total: page.total });
    } catch {
      // The next poll tries again.
    }
  }

  // ---- change feed ------------------------------------------------------------------------
  /** Applies a batch of feed entries in one snapshot; an uncertain total is re-counted by the server. */
  function applyChanges(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    const { query, hasMore } = state;
    let contacts = [...state.contacts];
    let total = state.total;
    let selected = state.selected;
    let selectedId = state.selectedId;
    let uncertainTotal = false;
    for (const change of changes) {
      const id = change.op === 'upsert' ? change.contact.id : change.id;
      if (state.pendingIds.includes(id)) continue; // our own write's answer is authoritative
      const index = contacts.findIndex((item) => item.id === id);
      if (index !== -1) contacts.splice(index, 1);
      if (change.op === 'upsert') {
        const contact = change.contact;
        const matches = matchesQuery(contact, query);
        if (matches && (index !== -1 || fitsLoadedWindow(contacts, contact, query.sort, hasMore))) {
          contacts = insertSorted(contacts, contact, query.sort);
        }
        if (index !== -1 && !matches && total !== null) total -= 1;
        // An unloaded match may be new or may have been beyond the loaded pages.
        if (index === -1 && matches) uncertainTotal = true;
        if (selectedId === id) selected = contact;
        persistContact(contact);
      } else {
        if (index !== -1 && total !== null) total = Math.max(0, total - 1);
        if (index === -1) uncertainTotal = true;
        if (selectedId === id) [selected, selectedId] = [null, null];
        if (cache && accountId) quietly(cache.deleteContact(accountId, id));
      }
    }
    set({ contacts, total, selected, selectedId });
    persistPage();
    if (uncertainTotal) void refreshTotal();
    // Memberships may have moved anywhere (another user, an import, a bulk action): recount the lists.
    void loadLists().catch(() => undefined);
    // Deletes can empty the loaded window while more pages exist: fetch the next one.
    if (state.hasMore && state.contacts.length < Math.ceil(pageSize / 2)) void loadMore();
  }

  /** Reloads the view and follows the feed from the position the new first page reflects. */
  async function resync(): Promise<void> {
    const seq = await loadFirstPage();
    if (seq !== null) {
      feedAfter = seq;
      persistSession();
    }
  }

  async function pollOnce(): Promise<void> {
    if (state.offline) {
      await client.me();
      set({ offline: false, error: state.error?.cause instanceof NetworkError ? null : state.error });
      await resync();
      return;
    }
    if (feedAfter === null) {
      await resync();
      return;
    }
    const from = feedAfter;
    for (let pages = 0; ; pages += 1) {
      if (pages === MAX_CATCH_UP_PAGES) {
        await resync();
        return;
      }
      const page = await client.changes.list({ after: feedAfter, limit: FEED_PAGE_SIZE });
      applyChanges(page.data);
      feedAfter = page.nextAfter;
      if (!page.hasMore) break;
    }
    if (feedAfter !== from) persistSession();
  }

  function pollChanges(): Promise<void> {
    polling ??= pollOnce()
      .catch(async (error: unknown) => {
        if (error instanceof ContactsApiError && error.code === 'resync_required') {
          await resync().catch(() => undefined);
        } else if (isNetworkFailure(error)) {
          set({ offline: true });
        }
      })
      .finally(() => {
        polling = null;
      });
    return polling;
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer);
    pollTimer = undefined;
    if (!running) return;
    const fast = trackedJobs > 0;
    if (!visible && !fast) return;
    pollTimer = setTimeout(() => {
      void pollChanges().finally(schedulePoll);
    }, fast ? jobPollIntervalMs : pollIntervalMs);
  }

  // ---- optimistic writes ------------------------------------------------------------------
  /** Shows `optimistic` at once, then the server's answer; restores `before` on failure. */
  async function optimisticWrite(
    id: string,
    attempted: ContactPatchInput,
    optimistic: (before: Contact) => Contact,
    send: (before: Contact | null) => Promise<Contact>,
  ): Promise<Contact> {
    ensureWritable();
    const before = findLoaded(id);
    const shown = before ? optimistic(before) : null;
    if (before && shown) placeContact(shown, before);
    addPending(id);
    try {
      const saved = await send(before);
      if (before) adjustListCounts(before.listIds, saved.listIds);
      placeContact(saved);
      persistContact(saved);
      persistPage();
      return saved;
    } catch (error) {
      // Roll back unless the change feed already put a newer version in place.
      if (before && shown && findLoaded(id) === shown) placeContact(before, shown);
      if (error instanceof PreconditionFailedError) {
        const current = error.current ?? (await client.contacts.get(id).catch(() => null));
        if (current) {
          placeContact(current);
          set({ conflict: { contactId: id, attempted, current } });
        }
      } else {
        fail(error);
      }
      throw error;
    } finally {
      removePending(id);
    }
  }

  function updateContact(id: string, patch: ContactPatchInput, writeOptions: { ifMatch?: number } = {}): Promise<Contact> {
    return optimisticWrite(
      id,
      patch,
      (before) => applyPatchOptimistically(before, patch, new Date().toISOString()),
      // Sends the version the user saw, so a concurrent edit surfaces as a conflict.
      (before) => client.contacts.update(id, patch, { ifMatch: writeOptions.ifMatch ?? before?.version }),
    );
  }

  async function loadMore(): Promise<void> {
    if (!state.hasMore || state.loadingMore || nextCursor === null || state.offline) return;
    const version = queryVersion;
    set({ loadingMore: true });
    try {
      const page = await client.contacts.list({ ...listParams(state.query), limit: pageSize, cursor: nextCursor });
      if (version !== queryVersion) return;
      nextCursor = page.nextCursor;
      const known = loadedIdsOf(state.contacts);
      const added = page.data.filter((contact) => !known.has(contact.id));
      const contacts = [...state.contacts, ...added];
      for (const contact of added) known.add(contact.id);
      loadedIds = { contacts, ids: known };
      set({
        contacts,
        total: page.total,
        hasMore: page.nextCursor !== null,
        loadingMore: false,
      });
      persistPage();
    } catch (error) {
      if (version !== queryVersion) return;
      set({ loadingMore: false });
      fail(error);
    }
  }

  async function trackJob(job: Job, trackOptions: { onProgress?: (job: Job) => void; signal?: AbortSignal } = {}): Promise<Job> {
    trackedJobs += 1;
    set({ activeJob: job });
    schedulePoll();
    try {
      return await reported(
        client.jobs.wait(job, {
          intervalMs: jobPollIntervalMs,
          maxIntervalMs: jobPollIntervalMs * 2,
          signal: trackOptions.signal,
          onProgress: (current) => {
            set({ activeJob: current });
            trackOptions.onProgress?.(current);
          },
        }),
      );
    } finally {
      trackedJobs -= 1;
      if (trackedJobs === 0) set({ activeJob: null });
      // Settle: a job changes many contacts at once; replaying each of its feed entries would take
      // longer than reloading the first page (whose feedSeq says where to follow from) and the lists.
      await Promise.all([resync().catch(() => undefined), loadLists().catch(() => undefined)]);
      schedulePoll();
    }
  }

  const store: ContactsStore = {
    client,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async start() {
      if (running) return;
      running = true;
      set({ status: 'loading' });
      if (cache) {
        accountId = (await cache.readMeta<string>(LAST_ACCOUNT_KEY).catch(() => undefined)) ?? null;
        if (accountId) {
          const session = await cache.readMeta<CachedSession>(`${accountId}|session`).catch(() => undefined);
          if (session) {
            set({ me: session.me, lists: sortLists(session.lists) });
            feedAfter = session.after;
          }
          await paintFromCache(state.query);
        }
      }
      try {
        const me = await client.me();
        if (accountId !== me.account.id) feedAfter = null; // another account: the cached position is not ours
        accountId = me.account.id;
        set({ me });
        if (cache) {
          quietly(cache.writeMeta(LAST_ACCOUNT_KEY, accountId));
        }
        // The first page says which feed position it reflects: following from there misses
        // nothing and needs no search for the feed's head. A cached position is kept (the
        // entries since then update the cached contacts).
        const [seq] = await Promise.all([loadFirstPage(), loadLists().catch(fail)]);
        if (feedAfter === null) feedAfter = seq;
        persistSession();
      } catch (error) {
        if (isNetworkFailure(error) && state.fromCache) set({ offline: true, status: 'ready', error: toStoreError(error) });
        else set({ status: 'error', error: toStoreError(error), offline: isNetworkFailure(error) });
      }
      schedulePoll();
    },

    stop() {
      running = false;
      queryVersion += 1;
      clearTimeout(pollTimer);
      pollTimer = undefined;
    },

    setVisible(isVisible) {
      const becameVisible = isVisible && !visible;
      visible = isVisible;
      if (becameVisible && running) void pollChanges().finally(schedulePoll);
      else schedulePoll();
    },

    async setQuery(patch) {
      const query = { ...state.query, ...patch };
      if (query.q === state.query.q && query.listId === state.query.listId && query.sort === state.query.sort) return;
      queryVersion += 1;
      nextCursor = null;
      set({
        query: Object.freeze(query),
        contacts: [],
        total: null,
        hasMore: false,
        loadingMore: false,
        fromCache: false,
        status: 'loading',
        selection: INITIAL_STATE.selection,
      });
      await paintFromCache(state.query);
      if (state.offline) {
        if (!state.fromCache) set({ status: 'ready' });
        return;
      }
      await loadFirstPage();
    },

    loadMore,

    async refresh() {
      await Promise.all([loadFirstPage(), loadLists().catch(fail)]);
    },

    async select(id) {
      const version = ++selectVersion;
      if (id === null) {
        set({ selectedId: null, selected: null });
        return;
      }
      let selected = state.contacts.find((contact) => contact.id === id) ?? null;
      if (!selected && cache && accountId) selected = (await cache.readContact(accountId, id).catch(() => undefined)) ?? null;
      if (version !== selectVersion) return;
      set({ selectedId: id, selected });
      if (state.offline) return;
      try {
        const fresh = await client.contacts.get(id);
        if (version !== selectVersion) return;
        set({ selected: fresh });
        if (state.contacts.some((contact) => contact.id === id)) placeContact(fresh);
        persistContact(fresh);
      } catch (error) {
        if (version !== selectVersion) return;
        if (error instanceof NotFoundError) {
          removeContact(id);
          set({ selectedId: null, selected: null });
        }
        fail(error);
      }
    },

    async createContact(input: ContactCreateInput) {
      ensureWritable();
      const now = new Date().toISOString();
      // A placeholder shown until the server answers (the server normalizes the phone).
      const temporary = applyPatchOptimistically(
        {
          id: `ct_pending${Math.random().toString(36).slice(2, 12)}`,
          fullName: '',
          phone: '',
          email: null,
          listIds: [],
          optedOut: false,
          optOut: null,
          consent: { status: 'not_sent', updatedAt: null },
          createdAt: now,
          updatedAt: now,
          version: 1,
        },
        input,
        now,
      );
      placeContact(temporary);
      addPending(temporary.id);
      try {
        const created = await client.contacts.create(input);
        adjustListCounts([], created.listIds);
        if (state.contacts.some((contact) => contact.id === created.id)) removeContact(temporary.id); // the feed was faster
        else placeContact(created, temporary);
        persistContact(created);
        persistPage();
        return created;
      } catch (error) {
        removeContact(temporary.id);
        fail(error);
        throw error;
      } finally {
        removePending(temporary.id);
      }
    },

    updateContact,

    async resolveConflict(choice) {
      const conflict = state.conflict;
      if (!conflict) return null;
      set({ conflict: null });
      if (choice === 'keep-theirs') return conflict.current;
      return updateContact(conflict.contactId, conflict.attempted, { ifMatch: conflict.current.version });
    },

    async deleteContact(id) {
      ensureWritable();
      const before = findLoaded(id);
      const wasSelected = state.selectedId === id;
      removeContact(id);
      addPending(id);
      try {
        await client.contacts.delete(id);
        if (before) adjustListCounts(before.listIds, []);
      } catch (error) {
        if (!(error instanceof NotFoundError)) {
          if (before) {
            placeContact(before);
            if (wasSelected) set({ selectedId: id, selected: before });
          }
          fail(error);
          throw error;
        }
      } finally {
        removePending(id);
      }
      if (cache && accountId) quietly(cache.deleteContact(accountId, id));
      persistPage();
    },

    optOut(id) {
      return optimisticWrite(
        id,
        { optedOut: true },
        (before) => applyPatchOptimistically(before, { optedOut: true }, new Date().toISOString()),
        () => client.contacts.optOut(id),
      );
    },

    sendConsentMessage(id) {
      return optimisticWrite(
        id,
        {},
        (before) => ({ ...before, consent: { status: 'sent', updatedAt: new Date().toISOString() } }),
        () => client.contacts.sendConsentMessage(id),
      );
    },

    async createList(name) {
      ensureWritable();
      const list = await reported(client.lists.create({ name }));
      set({ lists: sortLists([...state.lists.filter((item) => item.id !== list.id), list]) });
      return list;
    },

    refreshLists: () => loadLists().catch(fail),

    async renameList(id, name) {
      ensureWritable();
      const list = await reported(client.lists.update(id, { name }));
      set({ lists: sortLists(state.lists.map((item) => (item.id === id ? list : item))) });
      return list;
    },

    async deleteList(id) {
      ensureWritable();
      await reported(client.lists.delete(id));
      set({
        lists: state.lists.filter((item) => item.id !== id),
        contacts: state.contacts.map((contact) =>
          contact.listIds.includes(id) ? { ...contact, listIds: contact.listIds.filter((listId) => listId !== id) } : contact,
        ),
      });
      if (state.query.listId === id) await store.setQuery({ listId: null });
    },

    setSelection(selection: ContactSelection) {
      set({ selection: Object.freeze({ ids: Object.freeze([...selection.ids]), allMatching: selection.allMatching }) });
    },

    async runBulk(action, bulkOptions = {}) {
      ensureWritable();
      const { selection, query } = state;
      const listId = bulkOptions.listId;
      const filter = {
        ...(query.q.trim() ? { q: query.q.trim() } : {}),
        ...(query.listId ? { listId: query.listId } : {}),
      };
      const inputs = selection.allMatching
        ? [{ action, filter, ...(listId ? { listId } : {}) }]
        : chunk(selection.ids, BULK_IDS_PER_JOB).map((ids) => ({ action, ids, ...(listId ? { listId } : {}) }));
      if (inputs.length === 0) return 0;
      const count = selection.allMatching ? (state.total ?? 0) : selection.ids.length;
      set({ bulk: { action, count, done: 0 } });
      let affected = 0;
      try {
        for (const input of inputs) {
          const job = await reported(client.contacts.bulk(input));
          const before = affected;
          const finished = await trackJob(job, {
            onProgress: (progress) => {
              if (state.bulk) set({ bulk: { ...state.bulk, done: before + progress.progress.done } });
            },
          });
          const result = finished.result as { affected?: unknown } | null | undefined;
          affected += typeof result?.affected === 'number' ? result.affected : finished.progress.done;
        }
        set({ selection: INITIAL_STATE.selection });
        return affected;
      } finally {
        set({ bulk: null });
      }
    },

    exportCsv(scope, exportOptions = {}) {
      const { query, selection } = state;
      const filters =
        scope === 'all'
          ? {}
          : { ...(query.q.trim() ? { q: query.q.trim() } : {}), ...(query.listId ? { listId: query.listId } : {}) };
      const params = scope === 'selection' && !selection.allMatching ? { ids: selection.ids } : filters;
      return reported(client.contacts.export(params, { signal: exportOptions.signal }));
    },

    async deleteAll(deleteOptions = {}) {
      ensureWritable();
      const job = await reported(client.contacts.deleteAll({ signal: deleteOptions.signal }));
      return trackJob(job, deleteOptions);
    },

    trackJob,

    dismissError() {
      if (state.error) set({ error: null });
    },
  };
  return store;
}

