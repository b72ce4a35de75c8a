import type { Pool } from 'pg';
import { WEBHOOK_TABLES_MIGRATION } from './webhooks-store.js';

/**
 * The schema, ready to shard by account (Citus): every account-owned table leads its
 * primary key and unique constraints with account_id, and every query filters on it. The
 * tables looked up by a token (api_keys, sessions, idempotency keys) and settings are small
 * and would be reference tables. Sort keys and ids compare byte-wise (COLLATE "C"), as in
 * SQLite, so keyset cursors and name order agree on both backends.
 */
const MIGRATIONS: readonly string[] = [
  `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE accounts (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  default_country text NOT NULL,
  permission_limits text NOT NULL DEFAULT '{}',
  contact_count bigint NOT NULL DEFAULT 0,
  -- The feed: the last seq handed out, and the compaction point.
  change_seq bigint NOT NULL DEFAULT 0,
  changes_floor bigint NOT NULL DEFAULT 0,
  created_at text NOT NULL
);
CREATE TABLE api_keys (
  token_hash text PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE users (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  permissions text NOT NULL,
  created_at text NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE TABLE contacts (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  full_name text NOT NULL,
  name_key text COLLATE "C" NOT NULL,
  phone text COLLATE "C" NOT NULL,
  email text,
  consent_status text NOT NULL DEFAULT 'not_sent',
  consent_updated_at text,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- What substring search (q) looks in: lower-cased name, email, phone digits.
  search text GENERATED ALWAYS AS (name_key || ' ' || coalesce(email, '') || ' ' || substr(phone, 2)) STORED,
  PRIMARY KEY (account_id, id),
  UNIQUE (account_id, phone)
);
CREATE INDEX contacts_by_name ON contacts (account_id, name_key, id);
CREATE INDEX contacts_by_created ON contacts (account_id, created_at, id);
CREATE INDEX contacts_by_updated ON contacts (account_id, updated_at, id);
CREATE INDEX contacts_search ON contacts USING gin (search gin_trgm_ops);
CREATE TABLE lists (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  name_key text COLLATE "C" NOT NULL,
  created_at text NOT NULL,
  PRIMARY KEY (account_id, id),
  UNIQUE (account_id, name_key)
);
CREATE TABLE contact_lists (
  account_id text COLLATE "C" NOT NULL,
  contact_id text COLLATE "C" NOT NULL,
  list_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, contact_id, list_id)
);
CREATE INDEX contact_lists_by_list ON contact_lists (account_id, list_id, contact_id);
-- The opt-out register: keyed by number, not by contact, so no contact operation clears it.
CREATE TABLE opt_outs (
  account_id text COLLATE "C" NOT NULL,
  phone text COLLATE "C" NOT NULL,
  at text NOT NULL,
  source text NOT NULL,
  keyword text,
  PRIMARY KEY (account_id, phone)
);
-- One row per contact: its latest change, under a per-account seq.
CREATE TABLE changes (
  account_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  contact_id text COLLATE "C" NOT NULL,
  op text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (account_id, seq),
  UNIQUE (account_id, contact_id)
);
CREATE INDEX changes_deletes_by_age ON changes (at) WHERE op = 'delete';
CREATE TABLE jobs (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  done bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL DEFAULT 0,
  result text,
  error text,
  payload text,
  attempts integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at bigint,
  created_at text COLLATE "C" NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX jobs_by_id ON jobs (id);
CREATE INDEX jobs_claimable ON jobs (created_at, id) WHERE status IN ('queued', 'running');
CREATE TABLE imports (
  account_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  list_id text,
  filename text,
  total_rows bigint,
  job_id text,
  chunk_count integer NOT NULL DEFAULT 0,
  counts text NOT NULL,
  error text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX imports_by_id ON imports (id);
CREATE INDEX imports_by_expiry ON imports (status, expires_at);
CREATE TABLE import_chunks (
  account_id text COLLATE "C" NOT NULL,
  import_id text COLLATE "C" NOT NULL,
  idx integer NOT NULL,
  row_count integer NOT NULL,
  rows text NOT NULL,
  PRIMARY KEY (account_id, import_id, idx)
);
CREATE TABLE idempotency_keys (
  principal text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  state text NOT NULL,
  status integer,
  headers text,
  body text,
  created_at bigint NOT NULL,
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_by_age ON idempotency_keys (created_at);
-- Rate limits shared by every instance: one counter per token and window.
CREATE UNLOGGED TABLE rate_limit_windows (
  token_hash text NOT NULL,
  window_start bigint NOT NULL,
  used integer NOT NULL,
  PRIMARY KEY (token_hash, window_start)
);
`,
  WEBHOOK_TABLES_MIGRATION,
];

/** An arbitrary constant: the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK = 7_316_120_412;

/** Brings the schema up to date; several instances starting at once take turns. */
export async function migrate(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const applied = rows[0]?.v ?? 0;
    let ran = 0;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= applied) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
        ran += 1;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return ran;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
