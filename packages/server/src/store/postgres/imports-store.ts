import type { Import, ImportCounts, ImportStatus, JobError } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { newId } from '../ids.js';
import { nameKey } from '../sqlite/contacts-store.js';
import type { CommitOutcome, ImportsStore, StagedRow } from '../types.js';
import type { PostgresContactsStore } from './contacts-store.js';
import { all, int, one, type Queryable } from './queryable.js';

/** An import session untouched for this long expires and its staged rows are dropped. */
const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

interface ImportRow {
  id: string;
  account_id: string;
  status: ImportStatus;
  list_id: string | null;
  filename: string | null;
  total_rows: string | null;
  job_id: string | null;
  chunk_count: number;
  counts: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

const EMPTY_COUNTS: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, duplicatesInFile: 0, keptOptedOut: 0 };

/** Runs `work` in one transaction on a client of its own. */
export type RunInTransaction = <T>(work: (client: Queryable) => Promise<T>) => Promise<T>;

export class PostgresImportsStore implements ImportsStore {
  constructor(
    private readonly db: Queryable,
    private readonly contacts: PostgresContactsStore,
    private readonly runInTransaction: RunInTransaction,
    private readonly now: () => number,
  ) {}

  private async row(accountId: string, id: string): Promise<ImportRow | null> {
    const row = await one<ImportRow>(this.db, `SELECT * FROM imports WHERE account_id = $1 AND id = $2`, [accountId, id]);
    if (row && row.status === 'open' && int(row.expires_at) <= this.now()) {
      await this.expire(accountId, id);
      return one<ImportRow>(this.db, `SELECT * FROM imports WHERE account_id = $1 AND id = $2`, [accountId, id]);
    }
    return row;
  }

  private async requireRow(accountId: string, id: string): Promise<ImportRow> {
    const row = await this.row(accountId, id);
    if (!row) throw notFound('Import');
    return row;
  }

  private async expire(accountId: string, id: string): Promise<void> {
    await this.db.query(
      `WITH dropped AS (DELETE FROM import_chunks WHERE account_id = $1 AND import_id = $2)
       UPDATE imports SET status = 'aborted', error = $3, updated_at = $4 WHERE account_id = $1 AND id = $2 AND status = 'open'`,
      [accountId, id, JSON.stringify({ code: 'import_expired', message: 'The import was not committed within 24 hours; its staged rows were dropped.' }), new Date(this.now()).toISOString()],
    );
  }

  async expireStale(): Promise<number> {
    const stale = await all<{ account_id: string; id: string }>(this.db, `SELECT account_id, id FROM imports WHERE status = 'open' AND expires_at <= $1`, [this.now()]);
    for (const { account_id, id } of stale) await this.expire(account_id, id);
    return stale.length;
  }

  private async toImport(row: ImportRow): Promise<Import> {
    const staged = await all<{ idx: number; row_count: number }>(this.db, `SELECT idx, row_count FROM import_chunks WHERE account_id = $1 AND import_id = $2 ORDER BY idx`, [
      row.account_id,
      row.id,
    ]);
    const counts = JSON.parse(row.counts) as ImportCounts;
    const stagedRows = staged.reduce((sum, chunk) => sum + chunk.row_count, 0);
    return {
      id: row.id,
      status: row.status,
      listId: row.list_id,
      filename: row.filename,
      totalRows: row.total_rows === null ? null : int(row.total_rows),
      chunks: row.status === 'open' ? staged.length : row.chunk_count,
      stagedChunks: staged.map((chunk) => chunk.idx),
      counts: row.status === 'open' || row.status === 'committing' ? { ...counts, rows: stagedRows } : counts,
      jobId: row.job_id,
      ...(row.error ? { error: JSON.parse(row.error) as JobError } : {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: new Date(int(row.expires_at)).toISOString(),
    };
  }

  async get(accountId: string, id: string): Promise<Import> {
    return this.toImport(await this.requireRow(accountId, id));
  }

  async create(accountId: string, input: { listId?: string | undefined; totalRows?: number | undefined; filename?: string | undefined }): Promise<Import> {
    if (input.listId) await this.contacts.assertListsExist(accountId, [input.listId], 'listId');
    const id = newId('im');
    const nowMs = this.now();
    const now = new Date(nowMs).toISOString();
    await this.db.query(
      `INSERT INTO imports (account_id, id, status, list_id, filename, total_rows, counts, created_at, updated_at, expires_at) VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $7, $8)`,
      [accountId, id, input.listId ?? null, input.filename ?? null, input.totalRows ?? null, JSON.stringify(EMPTY_COUNTS), now, nowMs + IMPORT_TTL_MS],
    );
    return this.get(accountId, id);
  }

  private requireOpen(row: ImportRow): void {
    if (row.status !== 'open') {
      throw new ApiError(409, 'import_not_open', `The import is ${row.status}; only an open import accepts this.`, { extensions: { status: row.status } });
    }
  }

  async stagedRows(accountId: string, id: string): Promise<number> {
    await this.requireRow(accountId, id);
    const staged = await one<{ n: string | null }>(this.db, `SELECT sum(row_count) AS n FROM import_chunks WHERE account_id = $1 AND import_id = $2`, [accountId, id]);
    return Number(staged?.n ?? 0);
  }

  async putChunk(accountId: string, id: string, index: number, rows: StagedRow[]): Promise<void> {
    this.requireOpen(await this.requireRow(accountId, id));
    const nowMs = this.now();
    // One statement: the chunk and the import's new deadline, only while it is still open.
    const result = await this.db.query(
      `WITH touched AS (UPDATE imports SET updated_at = $5, expires_at = $6 WHERE account_id = $1 AND id = $2 AND status = 'open' RETURNING id)
       INSERT INTO import_chunks (account_id, import_id, idx, row_count, rows) SELECT $1, id, $3, $4, $7 FROM touched
       ON CONFLICT (account_id, import_id, idx) DO UPDATE SET row_count = excluded.row_count, rows = excluded.rows`,
      // Each row as [fullName, phone, email, opted out 0|1, name key]: the commit reads them in SQL.
      [accountId, id, index, rows.length, new Date(nowMs).toISOString(), nowMs + IMPORT_TTL_MS, JSON.stringify(rows.map((r) => [r.fullName, r.phone, r.email, r.optedOut ? 1 : 0, nameKey(r.fullName)]))],
    );
    if ((result.rowCount ?? 0) === 0) this.requireOpen(await this.requireRow(accountId, id));
  }

  async beginCommit(accountId: string, id: string): Promise<{ stagedRows: number }> {
    const row = await one<ImportRow>(this.db, `SELECT * FROM imports WHERE account_id = $1 AND id = $2 FOR UPDATE`, [accountId, id]);
    if (!row) throw notFound('Import');
    this.requireOpen(row);
    const staged = await one<{ n: string | null; chunks: string }>(this.db, `SELECT sum(row_count) AS n, count(*) AS chunks FROM import_chunks WHERE account_id = $1 AND import_id = $2`, [
      accountId,
      id,
    ]);
    await this.db.query(`UPDATE imports SET status = 'committing', error = NULL, chunk_count = $1, updated_at = $2 WHERE account_id = $3 AND id = $4`, [
      int(staged?.chunks),
      new Date(this.now()).toISOString(),
      accountId,
      id,
    ]);
    return { stagedRows: int(staged?.n) };
  }

  async attachJob(id: string, jobId: string): Promise<void> {
    await this.db.query(`UPDATE imports SET job_id = $1 WHERE id = $2`, [jobId, id]);
  }

  async abort(accountId: string, id: string): Promise<void> {
    const row = await this.requireRow(accountId, id);
    if (row.status === 'aborted') return;
    this.requireOpen(row);
    await this.db.query(
      `WITH dropped AS (DELETE FROM import_chunks WHERE account_id = $1 AND import_id = $2)
       UPDATE imports SET status = 'aborted', updated_at = $3 WHERE account_id = $1 AND id = $2`,
      [accountId, id, new Date(this.now()).toISOString()],
    );
  }

  async reopen(accountId: string, id: string, error: JobError): Promise<void> {
    await this.db.query(`UPDATE imports SET status = 'open', error = $1, updated_at = $2, expires_at = $3 WHERE account_id = $4 AND id = $5 AND status = 'committing'`, [
      JSON.stringify(error),
      new Date(this.now()).toISOString(),
      this.now() + IMPORT_TTL_MS,
      accountId,
      id,
    ]);
  }

  /**
   * One transaction, set-based: the staged rows (last row per phone wins) go to a temporary
   * table, then a statement each updates the known phones, inserts the new ones, adds the
   * list, and appends the feed. A crash rolls it all back; run again it starts over.
   */
  async commit(accountId: string, id: string, onProgress: (done: number) => void): Promise<CommitOutcome> {
    try {
      return await this.runInTransaction((tx) => this.applyStaged(tx, accountId, id, onProgress));
    } catch (error) {
      const jobError: JobError = {
        code: error instanceof ApiError ? error.code : 'internal_error',
        message: `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`,
      };
      // If this write fails too, the error reaches the job runner: the lease lapses and the
      // commit is tried again, or given up and reopened.
      await this.reopen(accountId, id, jobError);
      return { ok: false, error: jobError };
    }
  }

  private async applyStaged(tx: Queryable, accountId: string, id: string, onProgress: (done: number) => void): Promise<CommitOutcome> {
    // A million rows take statements far past the pool's timeout (meant for requests): this
    // transaction, and only it, may run as long as it needs.
    await tx.query(`SET LOCAL statement_timeout = 0`);
    // Sorting a million staged rows by phone in memory, not in temporary files.
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    // The trigram index takes the new rows into its pending list, merged into the index in one
    // sorted pass at the end (gin_clean_pending_list) rather than in a merge every 4 MB.
    await tx.query(`SET LOCAL gin_pending_list_limit = '2GB'`);
    await tx.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    // Compiling these few big statements costs more than it saves, and more on a busy machine.
    await tx.query(`SET LOCAL jit = off`);
    const row = await one<ImportRow>(tx, `SELECT * FROM imports WHERE account_id = $1 AND id = $2 FOR UPDATE`, [accountId, id]);
    if (!row) return { ok: false, error: { code: 'not_found', message: 'The import no longer exists.' } };
    if (row.status === 'completed') return { ok: true, counts: JSON.parse(row.counts) as ImportCounts };
    if (row.status !== 'committing') return { ok: false, error: { code: 'import_not_open', message: `The import is ${row.status}; there is nothing to commit.` } };
    if (row.list_id) await this.contacts.assertListsExist(accountId, [row.list_id], 'listId');
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    const nowMs = this.now();

    // The staged rows, read in SQL (no row goes through this process): each chunk's JSON
    // parsed once (jsonb; `->>` on json parses the row's text again for every field).
    await tx.query(
      `CREATE TEMP TABLE staged_rows ON COMMIT DROP AS
       SELECT (r->>1) COLLATE "C" AS phone, r->>0 AS full_name, r->>2 AS email, coalesce((r->>3)::int, 0) = 1 AS opted_out,
              -- Rows staged before the name key was staged with them: ASCII lower-casing.
              coalesce(r->>4, lower(r->>0)) AS name_key,
              (ch.idx::bigint << 32) + e.ord AS position
         FROM import_chunks ch, jsonb_array_elements(ch.rows::jsonb) WITH ORDINALITY AS e(r, ord)
        WHERE ch.account_id = $1 AND ch.import_id = $2`,
      [accountId, id],
    );
    await tx.query('ANALYZE staged_rows');
    // The last row of each phone wins, an opt-out in any row of it stands, and ids count up in
    // the order the phones first appear, after a prefix of this commit's own (time, then
    // random, as newId's). Grouped by hashing, not sorting; the winning row is joined back by
    // phone and position together (position alone hashes badly: its halves are folded).
    const idPrefix = newId('ct', nowMs).slice(0, 3 + 10 + 6);
    await tx.query(
      `CREATE TEMP TABLE staged ON COMMIT DROP AS
       WITH by_phone AS (
         SELECT phone, max(position) AS last_position, min(position) AS first_position, bool_or(opted_out) AS opted_out, count(*) AS rows_of_phone
           FROM staged_rows GROUP BY phone)
       -- The counter in 10 decimal digits: Crockford digits too, and they sort as it counts
       -- (ten substr() calls a row for base 32 cost seconds a million rows).
       SELECT ($1::text || lpad(n::text, 10, '0')) COLLATE "C" AS id, phone, full_name, name_key, email, opted_out, rows_of_phone
         FROM (SELECT row_number() OVER (ORDER BY p.first_position) AS n, r.phone, r.full_name, r.name_key, r.email, p.opted_out, p.rows_of_phone
                 FROM by_phone p JOIN staged_rows r ON r.phone = p.phone AND r.position = p.last_position) numbered`,
      [idPrefix],
    );
    const staged = await one<{ phones: string; rows: string | null }>(tx, `SELECT count(*) AS phones, sum(rows_of_phone) AS rows FROM staged`);
    counts.rows = int(staged?.rows);
    counts.duplicatesInFile = counts.rows - int(staged?.phones);
    const sent = counts.rows;
    onProgress(Math.floor(sent * 0.2));
    await tx.query('ANALYZE staged');

    const listId = row.list_id;
    // The known phones: what changes (a field, or joining the list) and what stays.
    await tx.query(
      `CREATE TEMP TABLE matched ON COMMIT DROP AS
       SELECT s.phone, c.id AS contact_id, s.full_name, s.name_key, coalesce(s.email, c.email) AS email,
              (s.full_name <> c.full_name OR coalesce(s.email, c.email) IS DISTINCT FROM c.email
               OR ($2::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact_lists cl WHERE cl.account_id = $1 AND cl.contact_id = c.id AND cl.list_id = $2))
               OR (s.opted_out AND NOT EXISTS (SELECT 1 FROM opt_outs o WHERE o.account_id = $1 AND o.phone = s.phone))) AS changes
         FROM staged s JOIN contacts c ON c.account_id = $1 AND c.phone = s.phone`,
      [accountId, listId],
    );
    const now = new Date(nowMs).toISOString();
    counts.updated =
      (
        await tx.query(
          `UPDATE contacts c SET full_name = m.full_name, name_key = m.name_key, email = m.email, updated_at = $2, version = c.version + 1
             FROM matched m WHERE c.account_id = $1 AND c.id = m.contact_id AND m.changes`,
          [accountId, now],
        )
      ).rowCount ?? 0;
    const matchedCount = int((await one<{ n: string }>(tx, `SELECT count(*) AS n FROM matched`))?.n);
    counts.unchanged = matchedCount - counts.updated;
    onProgress(Math.floor(sent * 0.6));
    counts.created =
      (
        await tx.query(
          `INSERT INTO contacts (account_id, id, full_name, name_key, phone, email, created_at, updated_at, version)
           SELECT $1, s.id, s.full_name, s.name_key, s.phone, s.email, $2, $2, 1 FROM staged s
            WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.phone = s.phone)
            -- In id order: the key, creation-time and update-time indexes grow at their right edge.
            ORDER BY s.id`,
          [accountId, now],
        )
      ).rowCount ?? 0;
    // Only the index's owner may (a role that did not run the migrations leaves it to autovacuum).
    await tx.query(`SELECT gin_clean_pending_list(i.oid) FROM pg_class i WHERE i.oid = 'contacts_search'::regclass AND pg_has_role(i.relowner, 'USAGE')`);
    onProgress(Math.floor(sent * 0.8));
    if (listId) {
      await tx.query(
        `INSERT INTO contact_lists (account_id, contact_id, list_id)
         SELECT $1, coalesce(m.contact_id, s.id), $2 FROM staged s LEFT JOIN matched m ON m.phone = s.phone ON CONFLICT DO NOTHING`,
        [accountId, listId],
      );
    }
    counts.keptOptedOut = int((await one<{ n: string }>(tx, `SELECT count(*) AS n FROM staged s JOIN opt_outs o ON o.account_id = $1 AND o.phone = s.phone`, [accountId]))?.n);
    // Rows marked opted out add to the register (source "import"); an import never takes from it.
    await tx.query(`INSERT INTO opt_outs (account_id, phone, at, source, keyword) SELECT $1, phone, $2, 'import', NULL FROM staged WHERE opted_out ON CONFLICT DO NOTHING`, [
      accountId,
      now,
    ]);

    // The feed, in bulk: seqs from the account's counter (row-locked until commit, see recordChanges).
    const changed = counts.created + counts.updated;
    const account = await one<{ change_seq: string }>(tx, `UPDATE accounts SET change_seq = change_seq + $1, contact_count = contact_count + $2 WHERE id = $3 RETURNING change_seq`, [
      changed,
      counts.created,
      accountId,
    ]);
    const firstSeq = int(account?.change_seq) - changed + 1;
    const changedAt = Date.now();
    // The updated contacts' feed rows move to new seqs; the new contacts' ids are this
    // commit's own, so theirs are plain inserts (no speculative insert per row).
    await tx.query(
      `INSERT INTO changes (account_id, seq, contact_id, op, at)
       SELECT $1, $2::bigint + row_number() OVER (ORDER BY contact_id) - 1, contact_id, 'upsert', $3 FROM matched WHERE changes
       ON CONFLICT (account_id, contact_id) DO UPDATE SET seq = excluded.seq, op = excluded.op, at = excluded.at`,
      [accountId, firstSeq, changedAt],
    );
    await tx.query(
      `INSERT INTO changes (account_id, seq, contact_id, op, at)
       SELECT $1, $2::bigint + row_number() OVER (ORDER BY s.id) - 1, s.id, 'upsert', $3
         FROM staged s WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.phone = s.phone)`,
      [accountId, firstSeq + counts.updated, changedAt],
    );
    await tx.query(`DELETE FROM import_chunks WHERE account_id = $1 AND import_id = $2`, [accountId, id]);
    await tx.query(`UPDATE imports SET status = 'completed', counts = $1, updated_at = $2 WHERE account_id = $3 AND id = $4`, [JSON.stringify(counts), now, accountId, id]);
    onProgress(sent);
    return { ok: true, counts };
  }
}
