import type { QueryResult, QueryResultRow } from 'pg';

/**
 * A statement prepared once per connection under `name` (PostgreSQL then skips parsing and
 * planning it again): for the small lookups every request makes.
 */
export interface NamedQuery {
  name: string;
  text: string;
  values?: unknown[];
}

/** A pool or one checked-out client (inside a transaction): both run queries. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  query<R extends QueryResultRow = QueryResultRow>(config: NamedQuery): Promise<QueryResult<R>>;
}

/** The first row, or null. */
export async function one<R extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R | null> {
  const result = await db.query<R>(text, values);
  return result.rows[0] ?? null;
}

/** The first row of a named (prepared) statement, or null. */
export async function oneNamed<R extends QueryResultRow>(db: Queryable, name: string, text: string, values: unknown[]): Promise<R | null> {
  const result = await db.query<R>({ name, text, values });
  return result.rows[0] ?? null;
}

export async function all<R extends QueryResultRow>(db: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await db.query<R>(text, values)).rows;
}

/** bigint columns arrive as strings: counts and seqs here stay far below 2^53. */
export const int = (value: string | number | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));
