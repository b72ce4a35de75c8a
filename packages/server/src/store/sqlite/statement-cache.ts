import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';

/**
 * What one connection keeps between calls: prepared statements keyed by their SQL (preparing
 * costs more than running a small query, and the list endpoint builds its SQL from a handful
 * of filter combinations), and the integer keys of the accounts it has seen.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();
  /** An account's rid never changes (accounts are not deleted or renumbered). */
  private readonly accountRids = new Map<string, number>();

  constructor(readonly db: SqliteDatabase) {}

  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  /**
   * The integer key the database files an account's rows under, for its public `ac_` id;
   * 0 (which no row carries) for an unknown id, so a query for it finds nothing.
   */
  accountRid(accountId: string): number {
    const known = this.accountRids.get(accountId);
    if (known !== undefined) return known;
    const rid = this.get<[string], { rid: number }>(`SELECT rid FROM accounts WHERE id = ?`).get(accountId)?.rid;
    if (rid === undefined) return 0;
    this.accountRids.set(accountId, rid);
    return rid;
  }
}
