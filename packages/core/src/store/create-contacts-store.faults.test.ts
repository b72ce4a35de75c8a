// The store against the fake API, for the faults the real server cannot make: an offline
// network, a compacted feed (410), counting feed requests. Its own file: the real server of
// create-contacts-store.test.ts replaces the global Response class, which MSW's network
// errors rely on. Everything else runs against the real server there.
import 'fake-indexeddb/auto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIndexedDbCache } from '../cache/indexed-db-cache.js';
import { createContactsClient } from '../client/create-contacts-client.js';
import { NetworkError } from '../errors/index.js';
import { createFakeContactsApi } from '../../test/fake-contacts-api.js';
import { createContactsStore } from './create-contacts-store.js';
import { names, waitFor } from '../../test/wait-for-store.js';
import type { ContactsStore, ContactsStoreOptions } from './types.js';

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



describe('start-up round trips (counted on the fake API)', () => {
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
});

describe('change feed faults', () => {
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
    const { api, store, make } = setup();
    await store.start();
    store.setVisible(false);
    api.insert({ fullName: 'Ada', phone: '+12025550101' });
    // A visible store on the same API is the clock: once it has polled the feed several times,
    // the hidden one would have polled too (same interval) and shown Ada, had it polled.
    const visible = make();
    await visible.start();
    const polledFrom = api.feedRequests();
    await vi.waitFor(() => expect(api.feedRequests()).toBeGreaterThanOrEqual(polledFrom + 5));
    expect(visible.getState().contacts).toHaveLength(1);
    expect(store.getState().contacts).toHaveLength(0);
    store.setVisible(true);
    await waitFor(store, (s) => s.contacts.length === 1);
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
    // The cache's writes are fire-and-forget: wait until the page, the session and the contact have landed.
    const accountId = first.getState().me!.account.id;
    const query = first.getState().query;
    await vi.waitFor(async () => {
      expect(await cache.readMeta('last-account')).toBe(accountId);
      expect(await cache.readMeta(`${accountId}|session`)).toBeDefined();
      expect(await cache.readContact(accountId, ada.id)).toEqual(expect.objectContaining({ fullName: 'Ada' }));
      expect(await cache.readPage(`${accountId}|page|${query.sort}|${query.listId ?? ''}|${query.q.trim()}`)).toEqual(
        expect.objectContaining({ total: 1 }),
      );
    });

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
