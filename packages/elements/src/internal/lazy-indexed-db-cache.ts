import type { ContactsCache } from '@contacts-manager/core';

/**
 * The IndexedDB cache, loaded on its first use: every cache call is asynchronous anyway, and idb
 * stays out of the script-tag bundle's first download.
 */
export function createLazyIndexedDbCache(): ContactsCache {
  let cache: Promise<ContactsCache> | null = null;
  const load = () => (cache ??= import('@contacts-manager/core/cache').then((module) => module.createIndexedDbCache()));
  return {
    readPage: async (key) => (await load()).readPage(key),
    writePage: async (key, page) => (await load()).writePage(key, page),
    readContact: async (accountId, id) => (await load()).readContact(accountId, id),
    writeContact: async (accountId, contact) => (await load()).writeContact(accountId, contact),
    deleteContact: async (accountId, id) => (await load()).deleteContact(accountId, id),
    readMeta: async <T>(key: string) => (await load()).readMeta<T>(key),
    writeMeta: async <T>(key: string, value: T) => (await load()).writeMeta<T>(key, value),
    clear: async (accountId) => (await load()).clear(accountId),
  };
}
