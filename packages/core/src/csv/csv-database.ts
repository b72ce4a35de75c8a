import { openDB, type IDBPDatabase } from 'idb';

/** The browser's IndexedDB database for CSV import memory: column mappings and resumable imports. */
export const CSV_DATABASE_NAME = 'contacts-manager-csv';
export const MAPPINGS_STORE = 'column-mappings';
export const IMPORTS_STORE = 'import-states';

let database: Promise<IDBPDatabase> | null = null;

export function hasIndexedDb(): boolean {
  return typeof indexedDB !== 'undefined';
}

/** Opened on first use, never at import time. */
export function openCsvDatabase(): Promise<IDBPDatabase> {
  database ??= openDB(CSV_DATABASE_NAME, 1, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(MAPPINGS_STORE)) db.createObjectStore(MAPPINGS_STORE);
      if (!db.objectStoreNames.contains(IMPORTS_STORE)) db.createObjectStore(IMPORTS_STORE);
    },
  });
  return database;
}
