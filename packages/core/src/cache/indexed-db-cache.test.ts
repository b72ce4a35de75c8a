import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeContact } from '../../test/fixtures.js';
import { createIndexedDbCache } from './indexed-db-cache.js';

const globals = globalThis as { indexedDB?: IDBFactory };
const installed = globals.indexedDB;
afterEach(() => {
  globals.indexedDB = installed;
});

/** Pages age by their save time: let the clock move on so the next write is strictly newer. */
async function clockTicks(): Promise<void> {
  const now = Date.now();
  await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(now), { interval: 1 });
}

describe('createIndexedDbCache', () => {
  it('degrades to an empty cache where there is no IndexedDB (Node, some private modes)', async () => {
    delete globals.indexedDB;
    const cache = createIndexedDbCache();
    await expect(cache.writePage('ac_1|page', { contacts: [makeContact()], total: 1 })).resolves.toBeUndefined();
    await expect(cache.readPage('ac_1|page')).resolves.toBeUndefined();
  });

  it('keeps pages, contacts and metadata per account, bounded, and clears one account', async () => {
    const cache = createIndexedDbCache({ dbName: 'cache-test', maxPages: 2, maxContacts: 2 });
    const [a, b, c] = [makeContact(), makeContact(), makeContact()];
    await cache.writePage('ac_1|page|name||', { contacts: [a!, b!], total: 2 });
    await clockTicks();
    await cache.writePage('ac_2|page|name||', { contacts: [c!], total: 1 });
    expect(await cache.readPage('ac_1|page|name||')).toEqual({ contacts: [a, b], total: 2 });

    // A third page pushes out the oldest one.
    await clockTicks();
    await cache.writePage('ac_1|page|name||ada', { contacts: [a!], total: 1 });
    expect(await cache.readPage('ac_1|page|name||')).toBeUndefined();
    expect(await cache.readPage('ac_2|page|name||')).toBeDefined();

    await cache.writeContact('ac_1', a!);
    await cache.writeMeta('ac_1|after', 42);
    expect(await cache.readContact('ac_1', a!.id)).toEqual(a);
    expect(await cache.readContact('ac_2', a!.id)).toBeUndefined();
    expect(await cache.readMeta<number>('ac_1|after')).toBe(42);

    await cache.clear('ac_1');
    expect(await cache.readContact('ac_1', a!.id)).toBeUndefined();
    expect(await cache.readMeta('ac_1|after')).toBeUndefined();
    expect(await cache.readPage('ac_1|page|name||ada')).toBeUndefined();
    expect(await cache.readPage('ac_2|page|name||')).toBeDefined();
  });
});
