import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** What the search index holds for a contact: lower-cased name, email, phone digits. */
export const SEARCH_TEXT_SQL = `name_key || ' ' || coalesce(email, '') || ' ' || substr(phone, 2)`;
/** What the word index (short queries) holds for a contact: its lower-cased name and its email. */
export const WORDS_TEXT_SQL = `name_key || ' ' || coalesce(email, '')`;
/** Row numbers of one account in the search indexes: 2^36 of them (contact rids stay below). */
export const SEARCH_ACCOUNT_STRIDE = 68_719_476_736;
/** A contact's row number in the search indexes (computed in SQL: the product passes 2^53). */
export const SEARCH_ROWID_SQL = `account_rid * ${SEARCH_ACCOUNT_STRIDE} + rid`;

/** Numbered migrations: each runs once, in order, recorded in schema_migrations. */
const MIGRATIONS: readonly string[] = [
  `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  default_country TEXT NOT NULL,
  permission_limits TEXT NOT NULL DEFAULT '{}',
  contact_count INTEGER NOT NULL DEFAULT 0,
  changes_floor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  permissions TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_by_account ON users(account_id, id);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contacts (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL,
  full_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  consent_status TEXT NOT NULL DEFAULT 'not_sent',
  consent_updated_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_phone ON contacts(account_id, phone);
CREATE INDEX IF NOT EXISTS contacts_by_name ON contacts(account_id, name_key, id);
CREATE INDEX IF NOT EXISTS contacts_by_created ON contacts(account_id, created_at, id);
CREATE INDEX IF NOT EXISTS contacts_by_updated ON contacts(account_id, updated_at, id);
CREATE INDEX IF NOT EXISTS contacts_by_email ON contacts(account_id, email);
-- The unfiltered total is read on every first page: keep it exact without a scan
-- (migration 5 hands this job to the writers).
CREATE TRIGGER IF NOT EXISTS contacts_count_insert AFTER INSERT ON contacts BEGIN
  UPDATE accounts SET contact_count = contact_count + 1 WHERE id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS contacts_count_delete AFTER DELETE ON contacts BEGIN
  UPDATE accounts SET contact_count = contact_count - 1 WHERE id = OLD.account_id;
END;
CREATE TABLE IF NOT EXISTS lists (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS lists_name_unique ON lists(account_id, name_key);
CREATE TABLE IF NOT EXISTS contact_lists (
  contact_id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  PRIMARY KEY (contact_id, list_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contact_lists_by_list ON contact_lists(list_id, contact_id);
-- The opt-out register: keyed by number, not by contact, so no contact operation clears it.
CREATE TABLE IF NOT EXISTS opt_outs (
  account_id TEXT NOT NULL,
  phone TEXT NOT NULL,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  keyword TEXT,
  PRIMARY KEY (account_id, phone)
) WITHOUT ROWID;
-- One row per contact: its latest change. A new change replaces the old row with a higher seq.
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  op TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS changes_by_contact ON changes(account_id, contact_id);
CREATE INDEX IF NOT EXISTS changes_by_account ON changes(account_id, seq);
CREATE INDEX IF NOT EXISTS changes_deletes_by_age ON changes(op, at);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS imports (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  status TEXT NOT NULL,
  list_id TEXT,
  filename TEXT,
  total_rows INTEGER,
  job_id TEXT,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  counts TEXT NOT NULL,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS imports_by_expiry ON imports(status, expires_at);
CREATE TABLE IF NOT EXISTS import_chunks (
  import_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  rows TEXT NOT NULL,
  PRIMARY KEY (import_id, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  status INTEGER,
  headers TEXT,
  body TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (principal, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency_keys(created_at);
`,
  // Substring search (q) over name, email and phone digits without a table scan: a trigram
  // index keyed by the contact's rowid. Updates follow by trigger; new contacts are indexed by
  // their writer (a statement per contact, or per seeding batch; imports queue theirs in
  // search_backlog): per-row indexing by trigger costs several times more.
  `
CREATE VIRTUAL TABLE contacts_search USING fts5(search, content='', contentless_delete=1, tokenize='trigram');
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contacts_search WHERE rowid = OLD.rid;
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_key, email, phone ON contacts BEGIN
  DELETE FROM contacts_search WHERE rowid = OLD.rid;
  INSERT INTO contacts_search (rowid, search) VALUES (NEW.rid, NEW.name_key || ' ' || coalesce(NEW.email, '') || ' ' || substr(NEW.phone, 2));
END;
`,
  // Only compaction reads deletes by age: index just those, not every upsert.
  `
DROP INDEX IF EXISTS changes_deletes_by_age;
CREATE INDEX changes_deletes_by_age ON changes(at) WHERE op = 'delete';
`,
  // Removing a row from the trigram index costs more than deleting the contact itself, so a
  // delete only notes the row number; sweepSearchIndex clears the index later, in slices.
  // Meanwhile a stale entry is harmless: searches join back to contacts and re-check with LIKE.
  `
DROP TRIGGER IF EXISTS contacts_search_delete;
CREATE TABLE search_garbage (rid INTEGER PRIMARY KEY);
CREATE TRIGGER contacts_search_garbage AFTER DELETE ON contacts BEGIN
  INSERT OR IGNORE INTO search_garbage (rid) VALUES (OLD.rid);
END;
`,
  // The per-account count is kept by the writers (one UPDATE per statement, not per row):
  // the triggers cost a fifth of a bulk import.
  `
DROP TRIGGER IF EXISTS contacts_count_insert;
DROP TRIGGER IF EXISTS contacts_count_delete;
`,
  // Deleted rows are noted for the search sweep by the writers, a statement per batch.
  `
DROP TRIGGER IF EXISTS contacts_search_garbage;
`,
  // Contacts an import created, waiting to be indexed after its commit (searches check them
  // directly meanwhile): indexing a million rows inside the commit would double its time.
  `
CREATE TABLE search_backlog (rid INTEGER PRIMARY KEY);
`,
  // The email filter finds its candidates through the trigram index: a separate index on
  // (account_id, email) cost every insert, and delete-all most of all (random pages).
  `
DROP INDEX IF EXISTS contacts_by_email;
`,
  // Jobs run under a lease (owner and expiry, renewed while running): a job whose process
  // stopped is taken up again instead of staying stuck. Its input is in payload.
  `
ALTER TABLE jobs ADD COLUMN payload TEXT;
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_expires_at INTEGER;
CREATE INDEX jobs_claimable ON jobs(status, created_at) WHERE status IN ('queued', 'running');
UPDATE jobs SET status = 'failed', error = '{"code":"interrupted","message":"The server stopped while this job was running."}'
 WHERE status IN ('queued', 'running');
UPDATE imports SET status = 'open', error = '{"code":"interrupted","message":"The server stopped during the commit; nothing was imported. Commit again."}'
 WHERE status = 'committing';
`,
  // The feed's seq is per account (a new account's first change is 1; no other account's
  // activity shows in it), handed out by the account's counter. Writers are serialized on a
  // SQLite file, so seq order is commit order. Cursors from the global numbering mean
  // nothing now: the floor moves to the head, so an old cursor is 410 resync_required.
  `
ALTER TABLE accounts ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE TABLE feed (
  account_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  op TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;
INSERT INTO feed (account_id, seq, contact_id, op, at)
  SELECT account_id, row_number() OVER (PARTITION BY account_id ORDER BY seq), contact_id, op, at FROM changes;
UPDATE accounts SET change_seq = coalesce((SELECT max(seq) FROM feed WHERE feed.account_id = accounts.id), 0);
UPDATE accounts SET changes_floor = change_seq;
DROP TABLE changes;
ALTER TABLE feed RENAME TO changes;
CREATE UNIQUE INDEX changes_by_contact ON changes(account_id, contact_id);
CREATE INDEX changes_deletes_by_age ON changes(at) WHERE op = 'delete';
`,
  // Integer keys inside the database: an account's text id (30 bytes) sat in every row and
  // every index entry of its contacts, memberships, register and feed, and a membership held
  // two text ids. Now accounts and lists have an integer rid that the other tables carry;
  // the public ids stay what the API shows. Contact rids are kept (the search index uses them).
  // Runs with foreign keys off (see migrate): accounts is rebuilt under api_keys and users.
  `
CREATE TABLE accounts_v11 (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_country TEXT NOT NULL,
  permission_limits TEXT NOT NULL DEFAULT '{}',
  contact_count INTEGER NOT NULL DEFAULT 0,
  change_seq INTEGER NOT NULL DEFAULT 0,
  changes_floor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
INSERT INTO accounts_v11 (id, name, default_country, permission_limits, contact_count, change_seq, changes_floor, created_at)
  SELECT id, name, default_country, permission_limits, contact_count, change_seq, changes_floor, created_at FROM accounts ORDER BY created_at, id;

CREATE TABLE contacts_v11 (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_rid INTEGER NOT NULL,
  full_name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  consent_status TEXT NOT NULL DEFAULT 'not_sent',
  consent_updated_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO contacts_v11 (rid, id, account_rid, full_name, name_key, phone, email, consent_status, consent_updated_at, created_at, updated_at, version)
  SELECT c.rid, c.id, a.rid, c.full_name, c.name_key, c.phone, c.email, c.consent_status, c.consent_updated_at, c.created_at, c.updated_at, c.version
    FROM contacts c JOIN accounts_v11 a ON a.id = c.account_id ORDER BY c.rid;

CREATE TABLE lists_v11 (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_rid INTEGER NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO lists_v11 (id, account_rid, name, name_key, created_at)
  SELECT l.id, a.rid, l.name, l.name_key, l.created_at FROM lists l JOIN accounts_v11 a ON a.id = l.account_id ORDER BY l.id;

CREATE TABLE contact_lists_v11 (
  contact_rid INTEGER NOT NULL,
  list_rid INTEGER NOT NULL,
  PRIMARY KEY (contact_rid, list_rid)
) WITHOUT ROWID;
INSERT INTO contact_lists_v11 (contact_rid, list_rid)
  SELECT c.rid, l.rid FROM contact_lists cl JOIN contacts_v11 c ON c.id = cl.contact_id JOIN lists_v11 l ON l.id = cl.list_id ORDER BY 1, 2;

CREATE TABLE opt_outs_v11 (
  account_rid INTEGER NOT NULL,
  phone TEXT NOT NULL,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  keyword TEXT,
  PRIMARY KEY (account_rid, phone)
) WITHOUT ROWID;
INSERT INTO opt_outs_v11 (account_rid, phone, at, source, keyword)
  SELECT a.rid, o.phone, o.at, o.source, o.keyword FROM opt_outs o JOIN accounts_v11 a ON a.id = o.account_id ORDER BY 1, 2;

CREATE TABLE changes_v11 (
  account_rid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  op TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (account_rid, seq)
) WITHOUT ROWID;
INSERT INTO changes_v11 (account_rid, seq, contact_id, op, at)
  SELECT a.rid, ch.seq, ch.contact_id, ch.op, ch.at FROM changes ch JOIN accounts_v11 a ON a.id = ch.account_id ORDER BY 1, 2;

CREATE TABLE jobs_v11 (
  id TEXT PRIMARY KEY,
  account_rid INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT,
  payload TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO jobs_v11 (id, account_rid, kind, status, done, total, result, error, payload, attempts, lease_owner, lease_expires_at, created_at, updated_at)
  SELECT j.id, a.rid, j.kind, j.status, j.done, j.total, j.result, j.error, j.payload, j.attempts, j.lease_owner, j.lease_expires_at, j.created_at, j.updated_at
    FROM jobs j JOIN accounts_v11 a ON a.id = j.account_id;

CREATE TABLE imports_v11 (
  id TEXT PRIMARY KEY,
  account_rid INTEGER NOT NULL,
  status TEXT NOT NULL,
  list_id TEXT,
  filename TEXT,
  total_rows INTEGER,
  job_id TEXT,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  counts TEXT NOT NULL,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
INSERT INTO imports_v11 (id, account_rid, status, list_id, filename, total_rows, job_id, chunk_count, counts, error, created_at, updated_at, expires_at)
  SELECT i.id, a.rid, i.status, i.list_id, i.filename, i.total_rows, i.job_id, i.chunk_count, i.counts, i.error, i.created_at, i.updated_at, i.expires_at
    FROM imports i JOIN accounts_v11 a ON a.id = i.account_id;

DROP TABLE contacts;
DROP TABLE lists;
DROP TABLE contact_lists;
DROP TABLE opt_outs;
DROP TABLE changes;
DROP TABLE jobs;
DROP TABLE imports;
DROP TABLE accounts;
ALTER TABLE accounts_v11 RENAME TO accounts;
ALTER TABLE contacts_v11 RENAME TO contacts;
ALTER TABLE lists_v11 RENAME TO lists;
ALTER TABLE contact_lists_v11 RENAME TO contact_lists;
ALTER TABLE opt_outs_v11 RENAME TO opt_outs;
ALTER TABLE changes_v11 RENAME TO changes;
ALTER TABLE jobs_v11 RENAME TO jobs;
ALTER TABLE imports_v11 RENAME TO imports;

CREATE UNIQUE INDEX contacts_by_phone ON contacts(account_rid, phone);
CREATE INDEX contacts_by_name ON contacts(account_rid, name_key, id);
CREATE INDEX contacts_by_created ON contacts(account_rid, created_at, id);
CREATE INDEX contacts_by_updated ON contacts(account_rid, updated_at, id);
CREATE UNIQUE INDEX lists_name_unique ON lists(account_rid, name_key);
CREATE INDEX contact_lists_by_list ON contact_lists(list_rid, contact_rid);
CREATE UNIQUE INDEX changes_by_contact ON changes(account_rid, contact_id);
CREATE INDEX changes_deletes_by_age ON changes(at) WHERE op = 'delete';
CREATE INDEX jobs_claimable ON jobs(status, created_at) WHERE status IN ('queued', 'running');
CREATE INDEX imports_by_expiry ON imports(status, expires_at);
-- Dropped with the old table: the search index follows renames, new emails and numbers.
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_key, email, phone ON contacts BEGIN
  DELETE FROM contacts_search WHERE rowid = OLD.rid;
  INSERT INTO contacts_search (rowid, search) VALUES (NEW.rid, NEW.name_key || ' ' || coalesce(NEW.email, '') || ' ' || substr(NEW.phone, 2));
END;
`,
  // Search answers from its indexes alone when it can. One or two characters of q match the
  // start of a word: the trigram index cannot look those up, and checking every contact with
  // LIKE took seconds at a million; a word index with 1- and 2-character prefix indexes
  // answers them. Words end where the LIKE patterns and the PostgreSQL backend say (space,
  // hyphen, apostrophe, dot; @ _ + in emails): other ASCII punctuation stays inside a word
  // ("smith,zoe" is one), and a mark never splits a letter from its accent.
  // Both indexes number their rows by account first (the account in the high bits), so one
  // account's matches are a range, counted without reading a contact: the trigram index is
  // rebuilt that way. The sweep clears deleted contacts out by that number, so
  // search_garbage notes the account too.
  `
ALTER TABLE search_garbage ADD COLUMN account_rid INTEGER;
DROP TABLE contacts_search;
CREATE VIRTUAL TABLE contacts_search USING fts5(search, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO contacts_search (rowid, search) SELECT ${SEARCH_ROWID_SQL}, ${SEARCH_TEXT_SQL} FROM contacts WHERE rid NOT IN (SELECT rid FROM search_backlog);
CREATE VIRTUAL TABLE contacts_words USING fts5(words, content='', contentless_delete=1, detail=none, prefix='1 2',
  tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '!#$%&()*,/:;<=>?[]^\`{|}~'");
INSERT INTO contacts_words (rowid, words) SELECT ${SEARCH_ROWID_SQL}, ${WORDS_TEXT_SQL} FROM contacts WHERE rid NOT IN (SELECT rid FROM search_backlog);
DROP TRIGGER IF EXISTS contacts_search_update;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_key, email, phone ON contacts BEGIN
  DELETE FROM contacts_search WHERE rowid = OLD.account_rid * ${SEARCH_ACCOUNT_STRIDE} + OLD.rid;
  INSERT INTO contacts_search (rowid, search) VALUES (NEW.account_rid * ${SEARCH_ACCOUNT_STRIDE} + NEW.rid, NEW.name_key || ' ' || coalesce(NEW.email, '') || ' ' || substr(NEW.phone, 2));
  DELETE FROM contacts_words WHERE rowid = OLD.account_rid * ${SEARCH_ACCOUNT_STRIDE} + OLD.rid;
  INSERT INTO contacts_words (rowid, words) VALUES (NEW.account_rid * ${SEARCH_ACCOUNT_STRIDE} + NEW.rid, NEW.name_key || ' ' || coalesce(NEW.email, ''));
END;
`,
  // Staged chunks in a rowid table, their key and row count in indexes. As the key of a
  // WITHOUT ROWID table, each chunk's whole JSON (tens of KB, in overflow pages) was read back
  // by every key comparison, and counting an import's staged rows (every GET, chunk PUT and
  // commit) read all of them: at a million rows, 60 MB mapped into the server's memory. The
  // second index answers the counts alone; the unique one keeps one chunk per index.
  `
CREATE TABLE import_chunks_v13 (
  rid INTEGER PRIMARY KEY,
  import_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  rows TEXT NOT NULL
);
INSERT INTO import_chunks_v13 (import_id, idx, row_count, rows) SELECT import_id, idx, row_count, rows FROM import_chunks ORDER BY import_id, idx;
DROP TABLE import_chunks;
ALTER TABLE import_chunks_v13 RENAME TO import_chunks;
CREATE UNIQUE INDEX import_chunks_by_import ON import_chunks(import_id, idx);
CREATE INDEX import_chunks_counts ON import_chunks(import_id, idx, row_count);
`,
];

/**
 * Applies the migrations this file has not seen yet, each in its own transaction. Foreign
 * keys are off meanwhile (a table some other one references is rebuilt; SQLite's procedure
 * for such changes), and checked before each migration commits.
 */
function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const applied = db.prepare<[], { v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`).get()?.v ?? 0;
  if (applied >= MIGRATIONS.length) return;
  // An upgrade may rebuild indexes (a minute or so for a million contacts): say why startup waits.
  if (applied > 0) console.error(`contacts-server: upgrading the database from schema ${applied} to ${MIGRATIONS.length}…`);
  db.pragma('foreign_keys = OFF');
  try {
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= applied) return;
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`Migration ${version} left ${broken.length} rows whose foreign key points nowhere.`);
        db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
      })();
    });
  } finally {
    db.pragma('foreign_keys = ON');
  }
}


/**
 * Indexes for search the account's contacts inserted with a rowid above `afterRowid`.
 * OR REPLACE: a rowid can come back after the newest contact was deleted.
 */
export function indexForSearch(db: Database.Database, accountRid: number, afterRowid: number): void {
  db.prepare(`INSERT OR REPLACE INTO contacts_search (rowid, search) SELECT ${SEARCH_ROWID_SQL}, ${SEARCH_TEXT_SQL} FROM contacts WHERE rid > ? AND +account_rid = ?`).run(afterRowid, accountRid);
  db.prepare(`INSERT OR REPLACE INTO contacts_words (rowid, words) SELECT ${SEARCH_ROWID_SQL}, ${WORDS_TEXT_SQL} FROM contacts WHERE rid > ? AND +account_rid = ?`).run(afterRowid, accountRid);
}

/** The highest contact rowid so far: pass it to indexForSearch after a bulk insert. */
export function lastContactRowid(db: Database.Database): number {
  return db.prepare<[], { rid: number | null }>(`SELECT max(rid) AS rid FROM contacts`).get()?.rid ?? 0;
}

/**
 * Opens (and creates on first use) the server's SQLite database. WAL lets readers go on
 * while a batch of a long job writes.
 */
export function openDatabase(filename = ':memory:'): SqliteDatabase {
  if (filename !== ':memory:' && filename !== '') mkdirSync(dirname(resolve(filename)), { recursive: true });
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -262144');
  db.pragma('mmap_size = 1073741824');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}
