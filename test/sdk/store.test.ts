import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, type ContactsState, type ContactsStore } from '@contacts-manager/core';
import { createContactsStore } from '@contacts-manager/core/store';
import { seedContacts } from '@contacts-manager/server';
import { onPostgres, startTestServer, type TestAccount, type TestServer } from './test-server.js';

let server: TestServer;
let acme: TestAccount;
const stores: ContactsStore[] = [];

beforeAll(async () => {
  server = await startTestServer();
  acme = await server.newAccount('Acme');
});
afterAll(async () => {
  for (const store of stores) store.stop();
  await server.close();
});

function waitFor(store: ContactsStore, predicate: (state: ContactsState) => boolean, timeoutMs = 5000): Promise<ContactsState> {
  return new Promise((resolve, reject) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const timer = setTimeout(() => reject(new Error('The store never reached the expected state.')), timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

describe('the live store against the reference server', () => {
  it('stays fresh from the change feed and surfaces a concurrent edit as a conflict', async () => {
    const ada = await acme.client.contacts.create({ fullName: 'Ada', phone: '+12025550601' });
    const store = createContactsStore(acme.client, { pollIntervalMs: 50, jobPollIntervalMs: 20 });
    stores.push(store);
    await store.start();
    expect(store.getState()).toMatchObject({ status: 'ready', total: 1 });

    // Someone else adds a contact and renames Ada: the store follows.
    const bob = await acme.client.contacts.create({ fullName: 'Bob', phone: '+12025550602' });
    await acme.client.contacts.update(ada.id, { fullName: 'Ada Byron' });
    let state = await waitFor(store, (s) => s.total === 2 && s.contacts.some((c) => c.fullName === 'Ada Byron'));
    expect(state.contacts.map((c) => c.fullName)).toEqual(['Ada Byron', 'Bob']);

    // A stale edit: the store still holds version 2, the server has 3.
    await acme.client.contacts.update(bob.id, { fullName: 'Bobby' });
    const stale = store.getState().contacts.find((c) => c.id === bob.id)!;
    await acme.client.contacts.update(bob.id, { fullName: 'Robert' });
    const error = await store.updateContact(bob.id, { fullName: 'Bob mine' }, { ifMatch: stale.version }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(store.getState().conflict?.current.fullName).toBe('Robert');
    await store.resolveConflict('keep-theirs');
    expect((await acme.client.contacts.get(bob.id)).fullName).toBe('Robert');

    // Delete all: the store follows the job and settles empty.
    const job = await store.deleteAll();
    expect(job.status).toBe('succeeded');
    state = store.getState();
    expect([state.total, state.contacts.length, state.activeJob]).toEqual([0, 0, null]);
  });

  // Seeds 5000 contacts straight into the SQLite file.
  it.skipIf(onPostgres)('finds its place in a long change feed and follows it', async () => {
    const big = await server.newAccount('Big');
    seedContacts(server.server.sqlite.db, big.accountId, 5000);
    const store = createContactsStore(big.client, { pollIntervalMs: 50 });
    stores.push(store);
    await store.start();
    expect(store.getState()).toMatchObject({ status: 'ready', total: 5000, hasMore: true });
    await big.client.contacts.create({ fullName: 'Aaron Aardvark', phone: '+12025550699' });
    const state = await waitFor(store, (s) => s.total === 5001);
    expect(state.contacts[0]?.fullName).toBe('Aaron Aardvark');
  });
});
