// The store's offline cache on IndexedDB (via idb): the last pages of a few queries, the
// contacts the user viewed, and small metadata (me, lists, the change-feed position).
// The database is opened on first use, never at import time, and every failure (no
// IndexedDB, private mode, quota) degrades to "nothing cached" instead of an error.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Contact } from '../schema/index.js';
import type { ContactsCache } from '../store/types.js';

interface CachedPage {
  key: string;
  accountId: string;
  contacts: Contact[];
  total: number | null;
  savedAt: number;
}

interface CachedContact {
  accountId: string;
  id: string;
  contact: Contact;
  savedAt: number;
}

interface CacheSchema extends DBSchema {
  pages: { key: string; value: CachedPage; indexes: { savedAt: number } };
  contacts: { key: [string, string]; value: CachedContact; indexes: { savedAt: number } };
  meta: { key: string; value: { key: string; value: unknown } };
}

export interface IndexedDbCacheOptions {
  /** Default `contacts-manager`. */
  dbName?: string;
  /** How many query pages to keep (oldest dropped first); default 20. */
  maxPages?: number;
  /** How many contacts a cached page holds; default 200. */
  maxContactsPerPage?: number;
  /** How many viewed contacts to keep; default 1000. */
  maxContacts?: number;
}

/** Page and meta keys start with the account id (`ac_…|…`), so clear(accountId) can find them. */
function accountOfKey(key: string): string {
  return key.split('|', 1)[0] ?? '';
}

export function createIndexedDbCache(options: IndexedDbCacheOptions = {}): ContactsCache {
  const dbName = options.dbName ?? 'contacts-manager';
  const maxPages = options.maxPages ?? 20;
  const maxContactsPerPage = options.maxContactsPerPage ?? 200;
  const maxContacts = options.maxContacts ?? 1000;
  let database: Promise<IDBPDatabase<CacheSchema> | null> | null = null;

  function open(): Promise<IDBPDatabase<CacheSchema> | null> {
    database ??= (async () => {
      if (!(globalThis as { indexedDB?: IDBFactory }).indexedDB) return null;
      return openDB<CacheSchema>(dbName, 1, {
        upgrade(db) {
          db.createObjectStore('pages', { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
          db.createObjectStore('contacts', { keyPath: ['accountId', 'id'] }).createIndex('savedAt', 'savedAt');
          db.createObjectStore('meta', { keyPath: 'key' });
        },
      });
    })().catch(() => null);
    return database;
  }

  async function use<T>(fallback: T, action: (db: IDBPDatabase<CacheSchema>) => Promise<T>): Promise<T> {
    try {
      const db = await open();
      return db ? await action(db) : fallback;
    } catch {
      return fallback;
    }
  }

  async function trim(db: IDBPDatabase<CacheSchema>, storeName: 'pages' | 'contacts', max: number): Promise<void> {
    const tx = db.transaction(storeName, 'readwrite');
    const count = await tx.store.count();
    let excess = count - max;
    let cursor = await tx.store.index('savedAt').openCursor();
    while (cursor && excess > 0) {
      await cursor.delete();
      excess -= 1;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  return {
    readPage: (key) =>
      use(undefined, async (db) => {
        const page = await db.get('pages', key);
        return page ? { contacts: page.contacts, total: page.total } : undefined;
      }),
    writePage: (key, page) =>
      use(undefined, async (db) => {
        const value: CachedPage = {
          key,
          accountId: accountOfKey(key),
          contacts: page.contacts.slice(0, maxContactsPerPage),
          total: page.total,
          savedAt: Date.now(),
        };
        await db.put('pages', value);
        await trim(db, 'pages', maxPages);
      }),
    readContact: (accountId, id) => use(undefined, async (db) => (await db.get('contacts', [accountId, id]))?.contact),
    writeContact: (accountId, contact) =>
      use(undefined, async (db) => {
        await db.put('contacts', { accountId, id: contact.id, contact, savedAt: Date.now() });
        await trim(db, 'contacts', maxContacts);
      }),
    deleteContact: (accountId, id) => use(undefined, (db) => db.delete('contacts', [accountId, id])),
    readMeta: <T>(key: string) => use(undefined, async (db) => (await db.get('meta', key))?.value as T | undefined),
    writeMeta: (key, value) =>
      use(undefined, async (db) => {
        await db.put('meta', { key, value });
      }),
    clear: (accountId) =>
      use(undefined, async (db) => {
        const tx = db.transaction(['pages', 'contacts', 'meta'], 'readwrite');
        if (accountId === undefined) {
          await Promise.all([tx.objectStore('pages').clear(), tx.objectStore('contacts').clear(), tx.objectStore('meta').clear()]);
        } else {
          const range = IDBKeyRange.bound(`${accountId}|`, `${accountId}|\uffff`);
          await tx.objectStore('pages').delete(range);
          await tx.objectStore('meta').delete(range);
          await tx.objectStore('contacts').delete(IDBKeyRange.bound([accountId, ''], [accountId, '\uffff']));
        }
        await tx.done;
      }),
  };
}
