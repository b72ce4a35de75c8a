import { IMPORTS_STORE, openCsvDatabase } from '../csv/csv-database.js';
import type { ImportState, ImportStateStore } from './import-state-store.js';

/** Browser store: survives a page reload; keyed by the source's identity (name, size, date). */
export class IndexedDbImportStateStore implements ImportStateStore {
  async load(key: string): Promise<ImportState | undefined> {
    const db = await openCsvDatabase();
    return (await db.get(IMPORTS_STORE, key)) as ImportState | undefined;
  }
  async save(key: string, state: ImportState): Promise<void> {
    const db = await openCsvDatabase();
    await db.put(IMPORTS_STORE, state, key);
  }
  async clear(key: string): Promise<void> {
    const db = await openCsvDatabase();
    await db.delete(IMPORTS_STORE, key);
  }
}
