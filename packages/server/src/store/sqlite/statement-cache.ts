import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';

/**
 * Prepared statements keyed by their SQL: preparing costs more than running a small query,
 * and the list endpoint builds its SQL from a handful of filter combinations.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: SqliteDatabase) {}

  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }
}
