import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContactsClient } from '../client/create-contacts-client.js';
import { PreconditionFailedError, ValidationError } from '../errors/index.js';
import { loadServerModule, type RunningServer } from '../../test/csv-import/test-server.js';
import type { Contact, ContactPatchInput } from '../schema/index.js';
import { createContactsStore } from './create-contacts-store.js';
import { names, waitFor } from '../../test/wait-for-store.js';
import type { ContactsState, ContactsStore, ContactsStoreOptions } from './types.js';

/**
 * The store against the real reference server: its search, deletes and feed are the ones
 * users meet. The faults the real server cannot make (an offline network, a compacted feed,
 * counting feed requests) run against the fake API in create-contacts-store.faults.test.ts.
 */
let realServer: (RunningServer & { sqlite: { accounts: { createAccount(input: { name: string; defaultCountry: string }): { account: { id: string }; secretKey: string } } } }) | null = null;
let accountCounter = 0;

beforeAll(async () => {
  const serverModule = (await loadServerModule()) as unknown as { startServer(options: Record<string, unknown>): Promise<typeof realServer> };
  // Delete-all in small fixed batches, so the count visibly falls in steps.
  realServer = await serverModule.startServer({ port: 0, host: '127.0.0.1', rateLimit: false, deleteBatchSize: 2 });
});
afterAll(async () => {
  await realServer?.close();
});

/** The real server, through its HTTP API with the account's secret key, in the fake's vocabulary. */
function realSetup(storeOptions: ContactsStoreOptions = {}) {
  const { account, secretKey } = realServer!.sqlite.accounts.createAccount({ name: `Store ${++accountCounter}`, defaultCountry: 'US' });
  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${realServer!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const api = {
    accountId: account.id,
    async insert(input: { fullName: string; phone: string }): Promise<Contact> {
      const response = await send('POST', '/v1/contacts', input);
      if (response.status !== 201) throw new Error(`insert failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as Contact;
    },
    async update(id: string, patch: ContactPatchInput): Promise<void> {
      expect((await send('PATCH', `/v1/contacts/${id}`, patch)).status).toBe(200);
    },
    async remove(id: string): Promise<void> {
      expect((await send('DELETE', `/v1/contacts/${id}`)).status).toBe(204);
    },
    async get(id: string): Promise<Contact | null> {
      const response = await send('GET', `/v1/contacts/${id}`);
      return response.status === 200 ? ((await response.json()) as Contact) : null;
    },
  };
  const client = createContactsClient({ baseUrl: realServer!.url, token: secretKey, maxRetries: 0 });
  const make = (options: ContactsStoreOptions = storeOptions) => {
    const store = createContactsStore(client, { pollIntervalMs: 20, jobPollIntervalMs: 10, ...options });
    stores.push(store);
    return store;
  };
  return { api, client, store: make(), make };
}

/** Valid US numbers for the real server. */
const usPhone = (n: number): string => `+1415555${String(100 + n).padStart(4, '0')}`;

let stores: ContactsStore[] = [];

afterEach(() => {
  for (const store of stores) store.stop();
  stores = [];
});



describe('loading', () => {
  it('loads me, lists and the first page, then pages further with loadMore', async () => {
    const { api, store } = realSetup({ pageSize: 2 });
    for (const [index, name] of ['Cleo', 'Ada', 'Bob'].entries()) await api.insert({ fullName: name, phone: usPhone(index) });
    const snapshots: ContactsState[] = [];
    store.subscribe((state) => snapshots.push(state));
    await store.start();
    const state = store.getState();
    expect(state.status).toBe('ready');
    expect(state.me?.account.id).toBe(api.accountId);
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
    const { api, store } = realSetup();
    await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await api.insert({ fullName: 'Bob', phone: usPhone(2) });
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
    const { api, store } = realSetup({ pageSize: 1, pollIntervalMs: 60_000 });
    await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    const zed = await api.insert({ fullName: 'Zed', phone: usPhone(26) });
    await store.start();
    expect(names(store.getState())).toEqual(['Ada']);
    await store.select(zed.id);
    expect(store.getState()).toMatchObject({ selectedId: zed.id, selected: { fullName: 'Zed' } });
    await api.remove(zed.id);
    await store.select(zed.id);
    expect(store.getState()).toMatchObject({ selectedId: null, selected: null });
    expect(store.getState().error?.code).toBe('not_found');
  });
});

describe('optimistic writes', () => {
  it('shows an edit at once and rolls it back when the server refuses it', async () => {
    const { api, store } = realSetup();
    const ada = await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await store.start();
    // The server refuses it: the number has a plausible shape but is no real number.
    const pending = store.updateContact(ada.id, { fullName: 'Ada Lovelace', phone: '+1 555 000 1' });
    expect(names(store.getState())).toEqual(['Ada Lovelace']);
    expect(store.getState().pendingIds).toContain(ada.id);
    await expect(pending).rejects.toBeInstanceOf(ValidationError);
    const state = store.getState();
    expect(names(state)).toEqual(['Ada']);
    expect(state.pendingIds).toEqual([]);
    expect(['validation_failed', 'invalid_phone']).toContain(state.error?.code);
    expect((await api.get(ada.id))?.fullName).toBe('Ada');
  });

  it('keeps the server’s answer after a successful edit', async () => {
    const { api, store } = realSetup();
    const ada = await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await store.start();
    const saved = await store.updateContact(ada.id, { fullName: 'Ada L' });
    expect(saved.version).toBe(2);
    expect(store.getState().contacts[0]).toEqual(saved);
  });

  it('surfaces a stale edit as a conflict with the server’s version, and can overwrite it', async () => {
    const { api, store } = realSetup({ pollIntervalMs: 60_000 });
    const ada = await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await store.start();
    await api.update(ada.id, { fullName: 'Ada (edited elsewhere)' }); // the store still shows version 1
    const error = await store.updateContact(ada.id, { fullName: 'Ada mine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    const { conflict, contacts } = store.getState();
    expect(conflict?.attempted).toEqual({ fullName: 'Ada mine' });
    expect(conflict?.current.fullName).toBe('Ada (edited elsewhere)');
    expect(contacts[0]?.fullName).toBe('Ada (edited elsewhere)');
    const resolved = await store.resolveConflict('overwrite');
    expect(resolved?.fullName).toBe('Ada mine');
    expect(store.getState().conflict).toBeNull();
    expect((await api.get(ada.id))?.fullName).toBe('Ada mine');
  });

  it('creates with a placeholder replaced by the server’s contact, and removes it on failure', async () => {
    const { api, store } = realSetup({ pollIntervalMs: 60_000 });
    await api.insert({ fullName: 'Bob', phone: usPhone(2) });
    await store.start();
    const creating = store.createContact({ fullName: 'Ada', phone: usPhone(1) });
    expect(names(store.getState())).toEqual(['Ada', 'Bob']);
    expect(store.getState().total).toBe(2);
    const created = await creating;
    expect(store.getState().contacts[0]?.id).toBe(created.id);
    await expect(store.createContact({ fullName: 'Zed', phone: usPhone(2) })).rejects.toMatchObject({ code: 'duplicate_phone' });
    expect(names(store.getState())).toEqual(['Ada', 'Bob']);
    expect(store.getState().total).toBe(2);
  });

  it('removes a deleted contact at once', async () => {
    const { api, store } = realSetup();
    const ada = await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await api.insert({ fullName: 'Bob', phone: usPhone(2) });
    await store.start();
    await store.select(ada.id);
    const deleting = store.deleteContact(ada.id);
    expect(names(store.getState())).toEqual(['Bob']);
    expect(store.getState().selectedId).toBeNull();
    await deleting;
    expect(await api.get(ada.id)).toBeNull();
    expect(store.getState().total).toBe(1);
  });
});

describe('change feed', () => {
  it('shows a contact created elsewhere and drops one deleted elsewhere', async () => {
    const { api, store } = realSetup();
    const bob = await api.insert({ fullName: 'Bob', phone: usPhone(2) });
    await store.start();
    await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    let state = await waitFor(store, (s) => s.contacts.length === 2 && s.total === 2);
    expect(names(state)).toEqual(['Ada', 'Bob']);
    await api.remove(bob.id);
    state = await waitFor(store, (s) => s.contacts.length === 1 && s.total === 1);
    expect(names(state)).toEqual(['Ada']);
  });

  it('ignores a new contact that does not match the search', async () => {
    const { api, store } = realSetup();
    await api.insert({ fullName: 'Ada', phone: usPhone(1) });
    await store.start();
    await store.setQuery({ q: 'ad' });
    await api.insert({ fullName: 'Bob', phone: usPhone(2) });
    await api.insert({ fullName: 'Adam', phone: usPhone(3) });
    const state = await waitFor(store, (s) => s.contacts.length === 2);
    expect(names(state)).toEqual(['Ada', 'Adam']);
  });

  it('follows delete-all: the list shrinks with progress, then settles empty', async () => {
    const { api, store } = realSetup();
    for (let i = 0; i < 6; i++) await api.insert({ fullName: `Person ${i}`, phone: usPhone(i) });
    await store.start();
    const totals: number[] = [];
    store.subscribe((state) => state.total !== null && totals.at(-1) !== state.total && totals.push(state.total));
    const progress: number[] = [];
    const job = await store.deleteAll({ onProgress: (j) => progress.push(j.progress.done) });
    expect(job.status).toBe('succeeded');
    expect(progress.at(-1)).toBe(6);
    const state = store.getState();
    expect([state.contacts.length, state.total, state.activeJob]).toEqual([0, 0, null]);
    // The count only ever falls while the job runs (how many steps shows depends on timing).
    expect(totals.at(-1)).toBe(0);
    expect(totals.every((total, index) => index === 0 || total < totals[index - 1]!)).toBe(true);
  });
});
