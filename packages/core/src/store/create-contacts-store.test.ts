import 'fake-indexeddb/auto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIndexedDbCache } from '../cache/indexed-db-cache.js';
import { createContactsClient } from '../client/create-contacts-client.js';
import { NetworkError, PreconditionFailedError, ValidationError } from '../errors/index.js';
import { createFakeContactsApi } from '../../test/fake-contacts-api.js';
import { createContactsStore } from './create-contacts-store.js';
import type { ContactsState, ContactsStore, ContactsStoreOptions } from './types.js';

const BASE = 'http://store.test';
const server = setupServer();
let stores: ContactsStore[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  for (const store of stores) store.stop();
  stores = [];
  server.resetHandlers();
});
afterAll(() => server.close());

function setup(storeOptions: ContactsStoreOptions = {}) {
  const api = createFakeContactsApi({ base: BASE });
  server.use(...api.handlers);
  const client = createContactsClient({ baseUrl: BASE, token: 'sk_test', maxRetries: 0 });
  const make = (options: ContactsStoreOptions = storeOptions) => {
    const store = createContactsStore(client, { pollIntervalMs: 20, jobPollIntervalMs: 10, ...options });
    stores.push(store);
    return store;
  };
  return { api, client, store: make(), make };
}

/** Resolves with the first snapshot that satisfies `predicate`. */
function waitFor(store: ContactsStore, predicate: (state: ContactsState) => boolean, timeoutMs = 2000): Promise<ContactsState> {
  return new Promise((resolve, reject) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('The store never reached the expected state.'));
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

const names = (state: ContactsState) => state.contacts.map((contact) => contact.fullName);

describe('loading', () => {
  it("follows the feed from the first page's feedSeq, with no search for the feed head", async () => {
    const { api, store } = setup({ pollIntervalMs: 60_000 });
    for (let i = 10; i < 40; i++) api.insert({ fullName: `Zed ${i}`, phone: `+120255503${i}` });
    await store.start();
    expect(api.feedRequests()).toBe(0);
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    store.setVisible(false);
    store.setVisible(true); // becoming visible polls at once
    await waitFor(store, (s) => s.contacts[0]?.fullName === 'Ada' && s.total === 31);
    expect(api.feedRequests()).toBe(1);
  });

  it('loads me, lists and the first page, then pages further with loadMore', async () => {
    const { api, store } = setup({ pageSize: 2 });
    for (const name of ['Cleo', 'Ada', 'Bob']) api.insert({ fullName: name, phone: `+1202555010${name.length}${name[0]}` });
    const snapshots: ContactsState[] = [];
    store.subscribe((state) => snapshots.push(state));
    await store.start();
    const state = store.getState();
    expect(state.status).toBe('ready');
    expect(state.me?.account.id).toBe('ac_000000000001');
    expect(names(state)).toEqual(['Ada', 'Bob']);
    expect([state.total, state.hasMore]).toEqual([3, true]);
    await store.loadMore();
    expect(names(store.getState())).toEqual(['Ada', 'Bob', 'Cleo']);
    expect(store.getState().hasMore).toBe(false);
    // Snapshots are new objects each time, and frozen.
    expect(new Set(snapshots).size).toBe(snapshots.length);
    expect(Object.isFrozen(store.getState())).toBe(true);
  });

  it('drops the answer of a superseded query', async () => {
    const { api, store } = setup();
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    api.insert({ fullName: 'Bob', phone: '+12025550102' });
    await store.start();
    const first = store.setQuery({ q: 'a' });
    const second = store.setQuery({ q: 'bo' });
    await Promise.all([first, second]);
    expect(store.getState().query.q).toBe('bo');
    expect(names(store.getState())).toEqual(['Bob']);
    expect(store.getState().total).toBe(1);
  });
});

describe('selection', () => {
  it('selects a contact outside the loaded pages by fetching it, and clears a vanished one', async () => {
    const { api, store } = setup({ pageSize: 1, pollIntervalMs: 60_000 });
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    const zed = api.insert({ fullName: 'Zed', phone: '+12025550126' });
    await store.start();
    expect(names(store.getState())).toEqual(['Ada']);
    await store.select(zed.id);
    expect(store.getState()).toMatchObject({ selectedId: zed.id, selected: { fullName: 'Zed' } });
    api.remove(zed.id);
    await store.select(zed.id);
    expect(store.getState()).toMatchObject({ selectedId: null, selected: null });
    expect(store.getState().error?.code).toBe('not_found');
  });
});

describe('optimistic writes', () => {
  it('shows an edit at once and rolls it back when the server refuses it', async () => {
    const { api, store } = setup();
    const ada = api.insert({ fullName: 'Ada', phone: '+12025550101' });
    await store.start();
    api.faults.failNextPatch = 1;
    const pending = store.updateContact(ada.id, { fullName: 'Ada Lovelace' });
    expect(names(store.getState())).toEqual(['Ada Lovelace']);
    expect(store.getState().pendingIds).toContain(ada.id);
    await expect(pending).rejects.toBeInstanceOf(ValidationError);
    const state = store.getState();
    expect(names(state)).toEqual(['Ada']);
    expect(state.pendingIds).toEqual([]);
    expect(state.error?.code).toBe('validation_failed');
  });

  it('keeps the server’s answer after a successful edit', async () => {
    const { api, store } = setup();
    const ada = api.insert({ fullName: 'Ada', phone: '+12025550101' });
    await store.start();
    const saved = await store.updateContact(ada.id, { fullName: 'Ada L' });
    expect(saved.version).toBe(2);
    expect(store.getState().contacts[0]).toEqual(saved);
  });

  it('surfaces a stale edit as a conflict with the server’s version, and can overwrite it', async () => {
    const { api, store } = setup({ pollIntervalMs: 60_000 });
    const ada = api.insert({ fullName: 'Ada', phone: '+12025550101' });
    await store.start();
    api.update(ada.id, { fullName: 'Ada (edited elsewhere)' }); // the store still shows version 1
    const error = await store.updateContact(ada.id, { fullName: 'Ada mine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    const { conflict, contacts } = store.getState();
    expect(conflict?.attempted).toEqual({ fullName: 'Ada mine' });
    expect(conflict?.current.fullName).toBe('Ada (edited elsewhere)');
    expect(contacts[0]?.fullName).toBe('Ada (edited elsewhere)');
    const resolved = await store.resolveConflict('overwrite');
    expect(resolved?.fullName).toBe('Ada mine');
    expect(store.getState().conflict).toBeNull();
    expect(api.contacts.get(ada.id)?.fullName).toBe('Ada mine');
  });

  it('creates with a placeholder replaced by the server’s contact, and removes it on failure', async () => {
    const { api, store } = setup({ pollIntervalMs: 60_000 });
    api.insert({ fullName: 'Bob', phone: '+12025550102' });
    await store.start();
    const creating = store.createContact({ fullName: 'Ada', phone: '+12025550101' });
    expect(names(store.getState())).toEqual(['Ada', 'Bob']);
    expect(store.getState().total).toBe(2);
    const created = await creating;
    expect(store.getState().contacts[0]?.id).toBe(created.id);
    await expect(store.createContact({ fullName: 'Zed', phone: '+12025550102' })).rejects.toMatchObject({ code: 'duplicate_phone' });
    expect(names(store.getState())).toEqual(['Ada', 'Bob']);
    expect(store.getState().total).toBe(2);
  });

  it('removes a deleted contact at once', async () => {
    const { api, store } = setup();
    const ada = api.insert({ fullName: 'Ada', phone: '+12025550101' });
    api.insert({ fullName: 'Bob', phone: '+12025550102' });
    await store.start();
    await store.select(ada.id);
    const deleting = store.deleteContact(ada.id);
    expect(names(store.getState())).toEqual(['Bob']);
    expect(store.getState().selectedId).toBeNull();
    await deleting;
    expect(api.contacts.has(ada.id)).toBe(false);
    expect(store.getState().total).toBe(1);
  });
});

describe('change feed', () => {
  it('shows a contact created elsewhere and drops one deleted elsewhere', async () => {
    const { api, store } = setup();
    const bob = api.insert({ fullName: 'Bob', phone: '+12025550102' });
    await store.start();
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    let state = await waitFor(store, (s) => s.contacts.length === 2 && s.total === 2);
    expect(names(state)).toEqual(['Ada', 'Bob']);
    api.remove(bob.id);
    state = await waitFor(store, (s) => s.contacts.length === 1 && s.total === 1);
    expect(names(state)).toEqual(['Ada']);
  });

  it('ignores a new contact that does not match the search', async () => {
    const { api, store } = setup();
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    await store.start();
    await store.setQuery({ q: 'ad' });
    api.insert({ fullName: 'Bob', phone: '+12025550102' });
    api.insert({ fullName: 'Adam', phone: '+12025550103' });
    const state = await waitFor(store, (s) => s.contacts.length === 2);
    expect(names(state)).toEqual(['Ada', 'Adam']);
  });

  it('reloads the view when the feed position was compacted away (410)', async () => {
    const { api, store } = setup({ pageSize: 10 });
    for (let i = 10; i < 70; i++) api.insert({ fullName: `Zed ${i}`, phone: `+120255502${i}` });
    await store.start();
    api.faults.feedCompacted = true;
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    const state = await waitFor(store, (s) => s.contacts[0]?.fullName === 'Ada');
    expect(api.faults.feedCompacted).toBe(false); // the 410 was served
    expect(state.total).toBe(61);
    expect(state.contacts).toHaveLength(10);
  });

  it('polls only while visible, and catches up when shown again', async () => {
    const { api, store } = setup();
    await store.start();
    store.setVisible(false);
    const before = api.feedRequests();
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(api.feedRequests()).toBe(before);
    expect(store.getState().contacts).toHaveLength(0);
    store.setVisible(true);
    await waitFor(store, (s) => s.contacts.length === 1);
  });

  it('follows delete-all: the list shrinks with progress, then settles empty', async () => {
    const { api, store } = setup();
    for (let i = 0; i < 6; i++) api.insert({ fullName: `Person ${i}`, phone: `+1202555020${i}` });
    await store.start();
    const totals: number[] = [];
    store.subscribe((state) => state.total !== null && totals.at(-1) !== state.total && totals.push(state.total));
    const progress: number[] = [];
    const job = await store.deleteAll({ onProgress: (j) => progress.push(j.progress.done) });
    expect(job.status).toBe('succeeded');
    expect(progress.at(-1)).toBe(6);
    const state = store.getState();
    expect([state.contacts.length, state.total, state.activeJob]).toEqual([0, 0, null]);
    expect(totals.length).toBeGreaterThan(2); // the count fell in steps, not in one jump
  });
});

describe('cache and offline', () => {
  it('paints from the cache before the server answers, and shows cached contacts read-only offline', async () => {
    const cache = createIndexedDbCache({ dbName: `store-test-${Math.random()}` });
    const { api, make } = setup();
    const ada = api.insert({ fullName: 'Ada', phone: '+12025550101' });
    const first = make({ cache });
    await first.start();
    await first.select(ada.id);
    first.stop();
    // Give the cache's writes a moment (they are fire-and-forget).
    await new Promise((resolve) => setTimeout(resolve, 50));

    api.faults.offline = true;
    const second = make({ cache });
    await second.start();
    const state = second.getState();
    expect(state).toMatchObject({ status: 'ready', offline: true, fromCache: true });
    expect(names(state)).toEqual(['Ada']);
    expect(state.me?.account.id).toBe('ac_000000000001');
    await expect(second.updateContact(ada.id, { fullName: 'X' })).rejects.toMatchObject({ code: 'offline' });
    await expect(second.createContact({ fullName: 'Y', phone: '+12025550999' })).rejects.toBeInstanceOf(NetworkError);
    await second.select(ada.id);
    expect(second.getState().selected?.fullName).toBe('Ada');

    // The network returns: the next poll leaves offline mode and reloads from the server.
    api.faults.offline = false;
    api.insert({ fullName: 'Bob', phone: '+12025550102' });
    const back = await waitFor(second, (s) => !s.offline && s.contacts.length === 2);
    expect(back.fromCache).toBe(false);
  });

  it('shows an error state when offline with nothing cached', async () => {
    const { api, store } = setup();
    api.faults.offline = true;
    await store.start();
    expect(store.getState()).toMatchObject({ status: 'error', offline: true });
    expect(store.getState().error?.code).toBe('network_error');
  });
});
