import { newId } from '../ids.js';
import { nameKey } from '../sqlite/contacts-store.js';
import { seededContact, type SeedContactsOptions } from '../sqlite/seed-contacts.js';
import type { PostgresStore } from './postgres-store.js';

const BATCH = 50_000;

/**
 * The same realistic contacts as the SQLite seeder, bulk-inserted into PostgreSQL (benchmarks):
 * a statement per 10,000 contacts, each batch in its own transaction with its feed entries.
 */
export async function seedPostgresContacts(store: PostgresStore, accountId: string, count: number, options: SeedContactsOptions = {}): Promise<number> {
  // Into an empty table, the secondary indexes are built once at the end (a sorted build is
  // many times faster than a million inserts into each), from their own definitions.
  const empty = (await store.pool.query(`SELECT NOT EXISTS (SELECT 1 FROM contacts) AS empty`)).rows[0]?.empty === true;
  const deferred = empty
    ? (
        await store.pool.query<{ name: string; definition: string }>(
          `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = 'contacts'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
        )
      ).rows
    : [];
  for (const index of deferred) await store.pool.query(`DROP INDEX "${index.name}"`);
  try {
    await insertSeeded(store, accountId, count, options);
  } finally {
    // Index builds and the vacuum of a million rows run past the pool's statement timeout.
    const client = await store.pool.connect();
    try {
      await client.query(`SET statement_timeout = 0`);
      await client.query(`SET maintenance_work_mem = '512MB'`);
      for (const index of deferred) await client.query(index.definition);
      await client.query('VACUUM ANALYZE contacts, contact_lists, opt_outs, changes');
    } finally {
      client.release(true);
    }
  }
  return count;
}

async function insertSeeded(store: PostgresStore, accountId: string, count: number, options: SeedContactsOptions): Promise<void> {
  const listIds = options.listIds ?? [];
  const optOutEvery = options.optOutEvery ?? 0;
  const start = options.startIndex ?? 0;
  for (let from = start; from < start + count; from += BATCH) {
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const rows = Array.from({ length: Math.min(BATCH, start + count - from) }, (_, k) => ({ index: from + k, id: newId('ct', nowMs), ...seededContact(from + k) }));
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO contacts (account_id, id, full_name, name_key, phone, email, created_at, updated_at, version)
         SELECT $1, id, full_name, name_key, phone, email, $2, $2, 1 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, full_name, name_key, phone, email)`,
        [accountId, now, rows.map((r) => r.id), rows.map((r) => r.fullName), rows.map((r) => nameKey(r.fullName)), rows.map((r) => r.phone), rows.map((r) => r.email)],
      );
      const listed = listIds.length > 0 ? rows.filter((r) => r.index % 3 !== 0) : [];
      if (listed.length > 0) {
        await client.query(`INSERT INTO contact_lists (account_id, contact_id, list_id) SELECT $1, * FROM unnest($2::text[], $3::text[])`, [
          accountId,
          listed.map((r) => r.id),
          listed.map((r) => listIds[r.index % listIds.length]),
        ]);
      }
      const optedOut = optOutEvery > 0 ? rows.filter((r) => r.index % optOutEvery === optOutEvery - 1) : [];
      if (optedOut.length > 0) {
        await client.query(`INSERT INTO opt_outs (account_id, phone, at, source, keyword) SELECT $1, unnest($2::text[]), $3, 'keyword', 'STOP' ON CONFLICT DO NOTHING`, [
          accountId,
          optedOut.map((r) => r.phone),
          now,
        ]);
      }
      const seq = await client.query<{ change_seq: string }>(`UPDATE accounts SET change_seq = change_seq + $1, contact_count = contact_count + $1 WHERE id = $2 RETURNING change_seq`, [
        rows.length,
        accountId,
      ]);
      await client.query(
        `INSERT INTO changes (account_id, seq, contact_id, op, at) SELECT $1, $2::bigint + ordinality - 1, id, 'upsert', $3 FROM unnest($4::text[]) WITH ORDINALITY AS t(id, ordinality)`,
        [accountId, Number(seq.rows[0]!.change_seq) - rows.length + 1, nowMs, rows.map((r) => r.id)],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
