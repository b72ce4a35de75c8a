/**
 * The synchronous shape of an async store interface: better-sqlite3 answers without
 * waiting, so the SQLite stores are written synchronously and SqliteBackend adapts them to
 * the async contract.
 */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};
