import { normalizeHeader, type ColumnMapping } from './column-mapping.js';
import { MAPPINGS_STORE, hasIndexedDb, openCsvDatabase } from './csv-database.js';

function mappingKey(accountId: string, headers: readonly string[]): string {
  return `${accountId}|${headers.map(normalizeHeader).join(',')}`;
}

/**
 * Remembers the mapping a user confirmed for files with these headers, per account, in
 * IndexedDB. Where there is no IndexedDB (Node), it does nothing.
 */
export async function rememberColumnMapping(
  accountId: string,
  headers: readonly string[],
  mapping: ColumnMapping,
): Promise<void> {
  if (!hasIndexedDb()) return;
  const db = await openCsvDatabase();
  await db.put(MAPPINGS_STORE, { ...mapping }, mappingKey(accountId, headers));
}

/** The mapping last confirmed for files with these headers in this account, if any. */
export async function recallColumnMapping(
  accountId: string,
  headers: readonly string[],
): Promise<ColumnMapping | undefined> {
  if (!hasIndexedDb()) return undefined;
  const db = await openCsvDatabase();
  return (await db.get(MAPPINGS_STORE, mappingKey(accountId, headers))) as
    ColumnMapping | undefined;
}
