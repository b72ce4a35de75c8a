import type { Import, ImportCounts, ImportStatus, JobError } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { newId } from '../ids.js';
import type { CommitOutcome, ImportsStore, StagedRow } from '../types.js';
import type { Synchronous } from './synchronous.js';
import { nameKey, type SqliteContactsStore } from './contacts-store.js';
import { lastContactRowid } from './open-database.js';
import type { StatementCache } from './statement-cache.js';

/** An import session untouched for this long expires and its staged rows are dropped. */
const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
/** Time spent applying rows between two yields of a commit: short enough that reads interleave. */
const COMMIT_SLICE_MS = 25;
/** Staged rows applied by the first range of a commit; later ranges adapt to COMMIT_SLICE_MS. */
const FIRST_RANGE_ROWS = 2000;

/**
 * A commit's distinct staged rows, on the committing connection only: `pos` is the order in
 * which each number first appears in the file.
 */
const STAGED_ROWS_SQL = `CREATE TEMP TABLE IF NOT EXISTS import_rows (
  pos INTEGER PRIMARY KEY,
  phone TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  email TEXT,
  opted_out INTEGER NOT NULL
)`;

/** A staged row whose number a contact of the account already has. */
interface MatchedRow {
  phone: string;
  full_name: string;
  email: string | null;
  opted_out: number;
  rid: number;
  id: string;
  current_name: string;
  current_email: string | null;
  was_opted_out: number;
  joins_list: number;
}

interface ImportRow {
  id: string;
  account_rid: number;
  status: ImportStatus;
  list_id: string | null;
  filename: string | null;
  total_rows: number | null;
  job_id: string | null;
  chunk_count: number;
  counts: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  expires_at: number;
}

const EMPTY_COUNTS: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, duplicatesInFile: 0, keptOptedOut: 0 };

export class SqliteImportsStore implements Synchronous<Omit<ImportsStore, 'commit'>> {
  /** The time the running commit stamps on the contacts it creates (their ids start with it). */
  private commitClock = 0;

  constructor(
    private readonly sql: StatementCache,
    private readonly contacts: SqliteContactsStore,
    private readonly now: () => number,
    /** False while a job holds the write lock: a lazy expiry then waits for the sweep. */
    private readonly canWrite: () => boolean = () => true,
  ) {
    // What an INSERT … SELECT of new contacts needs from JavaScript: the same name key as
    // every other writer, and monotonic contact ids.
    sql.db.function('contact_name_key', { deterministic: true }, (fullName: unknown) => nameKey(String(fullName)));
    sql.db.function('new_contact_id', () => newId('ct', this.commitClock));
  }

  private row(accountId: string, id: string): ImportRow | null {
    const row = this.sql.get<[string, number], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_rid = ?`).get(id, this.sql.accountRid(accountId));
    if (!row) return null;
    if (row.status === 'open' && row.expires_at <= this.now() && this.canWrite()) {
      this.expire(row.id);
      return this.sql.get<[string, number], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_rid = ?`).get(id, this.sql.accountRid(accountId)) ?? null;
    }
    return row;
  }

  private requireRow(accountId: string, id: string): ImportRow {
    const row = this.row(accountId, id);
    if (!row) throw notFound('Import');
    return row;
  }

  private expire(id: string): void {
    this.sql.db.transaction(() => {
      this.sql.get(`DELETE FROM import_chunks WHERE import_id = ?`).run(id);
      this.sql
        .get(`UPDATE imports SET status = 'aborted', error = ?, updated_at = ? WHERE id = ?`)
        .run(JSON.stringify({ code: 'import_expired', message: 'The import was not committed within 24 hours; its staged rows were dropped.' }), new Date(this.now()).toISOString(), id);
    })();
  }

  /** Expires every open import past its deadline (the periodic sweep). */
  expireStale(): number {
    const stale = this.sql
      .get<[number], { id: string }>(`SELECT id FROM imports WHERE status = 'open' AND expires_at <= ?`)
      .all(this.now());
    for (const { id } of stale) this.expire(id);
    return stale.length;
  }

  private toImport(row: ImportRow): Import {
    const staged = this.sql
      .get<[string], { idx: number; row_count: number }>(`SELECT idx, row_count FROM import_chunks WHERE import_id = ? ORDER BY idx`)
      .all(row.id);
    const counts = JSON.parse(row.counts) as ImportCounts;
    const stagedRows = staged.reduce((sum, chunk) => sum + chunk.row_count, 0);
    return {
      id: row.id,
      status: row.status,
      listId: row.list_id,
      filename: row.filename,
      totalRows: row.total_rows,
      chunks: row.status === 'open' ? staged.length : row.chunk_count,
      stagedChunks: staged.map((chunk) => chunk.idx),
      counts: row.status === 'open' || row.status === 'committing' ? { ...counts, rows: stagedRows } : counts,
      jobId: row.job_id,
      ...(row.error ? { error: JSON.parse(row.error) as JobError } : {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: new Date(row.expires_at).toISOString(),
    };
  }

  get(accountId: string, id: string): Import {
    return this.toImport(this.requireRow(accountId, id));
  }

  create(accountId: string, input: { listId?: string | undefined; totalRows?: number | undefined; filename?: string | undefined }): Import {
    if (input.listId) this.contacts.assertListsExist(accountId, [input.listId], 'listId');
    const id = newId('im');
    const nowMs = this.now();
    const now = new Date(nowMs).toISOString();
    this.sql
      .get(
        `INSERT INTO imports (id, account_rid, status, list_id, filename, total_rows, counts, created_at, updated_at, expires_at)
         VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, this.sql.accountRid(accountId), input.listId ?? null, input.filename ?? null, input.totalRows ?? null, JSON.stringify(EMPTY_COUNTS), now, now, nowMs + IMPORT_TTL_MS);
    return this.get(accountId, id);
  }

  private requireOpen(row: ImportRow): void {
    if (row.status !== 'open') {
      throw new ApiError(409, 'import_not_open', `The import is ${row.status}; only an open import accepts this.`, {
        extensions: { status: row.status },
      });
    }
  }

  private touch(id: string): void {
    const nowMs = this.now();
    this.sql.get(`UPDATE imports SET updated_at = ?, expires_at = ? WHERE id = ?`).run(new Date(nowMs).toISOString(), nowMs + IMPORT_TTL_MS, id);
  }

  /** Stages (or replaces) one chunk: re-sending an index is safe. */
  putChunk(accountId: string, id: string, index: number, rows: StagedRow[]): void {
    const row = this.requireRow(accountId, id);
    this.requireOpen(row);
    this.sql.db.transaction(() => {
      this.sql
        .get(`INSERT OR REPLACE INTO import_chunks (import_id, idx, row_count, rows) VALUES (?, ?, ?, ?)`)
        .run(id, index, rows.length, JSON.stringify(rows.map((r) => (r.optedOut ? [r.fullName, r.phone, r.email, 1] : [r.fullName, r.phone, r.email]))));
      this.touch(id);
    })();
  }

  /** Marks the import committing and returns the rows the job will apply. */
  beginCommit(accountId: string, id: string): { stagedRows: number } {
    const row = this.requireRow(accountId, id);
    this.requireOpen(row);
    const stagedRows = this.sql.get<[string], { n: number | null }>(`SELECT sum(row_count) AS n FROM import_chunks WHERE import_id = ?`).get(id)?.n ?? 0;
    this.sql
      .get(`UPDATE imports SET status = 'committing', error = NULL, chunk_count = (SELECT count(*) FROM import_chunks WHERE import_id = ?), updated_at = ? WHERE id = ?`)
      .run(id, new Date(this.now()).toISOString(), id);
    return { stagedRows };
  }

  attachJob(id: string, jobId: string): void {
    this.sql.get(`UPDATE imports SET job_id = ? WHERE id = ?`).run(jobId, id);
  }

  abort(accountId: string, id: string): void {
    const row = this.requireRow(accountId, id);
    if (row.status === 'aborted') return;
    this.requireOpen(row);
    this.sql.db.transaction(() => {
      this.sql.get(`DELETE FROM import_chunks WHERE import_id = ?`).run(id);
      this.sql.get(`UPDATE imports SET status = 'aborted', updated_at = ? WHERE id = ?`).run(new Date(this.now()).toISOString(), id);
    })();
  }

  /**
   * Applies every staged chunk in one transaction: all rows or none. Upsert by phone, the
   * last row of a phone wins, the register is never touched (opted-out numbers stay so).
   * The steps yield their progress so a caller on its own connection can let other
   * requests run between slices of the same transaction.
   */
  *commitSteps(accountId: string, id: string): Generator<number, CommitOutcome, void> {
    const row = this.sql.get<[string, number], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_rid = ?`).get(id, this.sql.accountRid(accountId));
    if (!row) return { ok: false, error: { code: 'not_found', message: 'The import no longer exists.' } };
    // A commit taken up again after its first run ended: answer what that run did.
    if (row.status === 'completed') return { ok: true, counts: JSON.parse(row.counts) as ImportCounts };
    if (row.status !== 'committing') return { ok: false, error: { code: 'import_not_open', message: `The import is ${row.status}; there is nothing to commit.` } };
    const db = this.sql.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      const counts = yield* this.applyRows(accountId, row);
      const now = new Date(this.now()).toISOString();
      this.sql.get(`UPDATE imports SET status = 'completed', counts = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(counts), now, id);
      this.sql.get(`DELETE FROM import_chunks WHERE import_id = ?`).run(id);
      db.exec('COMMIT');
      return { ok: true, counts };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      const jobError: JobError = {
        code: error instanceof ApiError ? error.code : 'internal_error',
        message: `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`,
      };
      // If this write fails too (the storage is away), the error goes to the job runner,
      // whose lease lapses: the commit is tried again later, or given up and reopened.
      this.reopen(accountId, id, jobError);
      return { ok: false, error: jobError };
    }
  }

  /** Back to open with the failure's error: the staged rows stay, to commit again or abort. */
  reopen(accountId: string, id: string, error: JobError): void {
    this.sql
      .get(`UPDATE imports SET status = 'open', error = ?, updated_at = ?, expires_at = ? WHERE id = ? AND account_rid = ? AND status = 'committing'`)
      .run(JSON.stringify(error), new Date(this.now()).toISOString(), this.now() + IMPORT_TTL_MS, id, this.sql.accountRid(accountId));
  }

  /**
   * Set-based: the staged rows go (a chunk per statement) into a temporary table keyed by
   * phone, the last row of a number winning; then, a range of that table at a time, the rows
   * matching a contact are applied one by one (few, usually) and the new ones are inserted by
   * one INSERT … SELECT, with their memberships, feed entries and search backlog.
   */
  private *applyRows(accountId: string, row: ImportRow): Generator<number, ImportCounts, void> {
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    if (row.list_id) this.contacts.assertListsExist(accountId, [row.list_id], 'listId');
    const account = this.sql.accountRid(accountId);
    const listRid = row.list_id ? (this.sql.get<[string], { rid: number }>(`SELECT rid FROM lists WHERE id = ?`).get(row.list_id)?.rid ?? null) : null;
    let sliceStarted = performance.now();
    const sliceUsedUp = (): boolean => performance.now() - sliceStarted >= COMMIT_SLICE_MS;

    this.sql.db.exec(STAGED_ROWS_SQL);
    this.sql.get(`DELETE FROM temp.import_rows`).run();
    const indexes = this.sql.get<[string], { idx: number; row_count: number }>(`SELECT idx, row_count FROM import_chunks WHERE import_id = ? ORDER BY idx`).all(row.id);
    // In file order: a number's first row fixes its position, its last row its values, and
    // an opt-out in any of its rows stands (an import only ever adds to the register).
    const stageChunk = this.sql.get(
      `INSERT INTO temp.import_rows (phone, full_name, email, opted_out)
       SELECT r.value ->> 1, r.value ->> 0, r.value ->> 2, coalesce(r.value ->> 3, 0)
         FROM import_chunks k, json_each(k.rows) r WHERE k.import_id = ? AND k.idx = ? ORDER BY r.key
       ON CONFLICT (phone) DO UPDATE SET full_name = excluded.full_name, email = excluded.email, opted_out = max(opted_out, excluded.opted_out)`,
    );
    for (const { idx, row_count } of indexes) {
      stageChunk.run(row.id, idx);
      counts.rows += row_count;
      if (sliceUsedUp()) {
        yield 0;
        sliceStarted = performance.now();
      }
    }
    const distinct = this.sql.get<[], { n: number | null }>(`SELECT max(pos) AS n FROM temp.import_rows`).get()?.n ?? 0;
    counts.duplicatesInFile = counts.rows - distinct;

    const matches = this.sql.get<[number | null, number | null, number, number, number], MatchedRow>(
      `SELECT s.phone, s.full_name, s.email, s.opted_out, c.rid, c.id, c.full_name AS current_name, c.email AS current_email,
              EXISTS (SELECT 1 FROM opt_outs o WHERE o.account_rid = c.account_rid AND o.phone = s.phone) AS was_opted_out,
              (? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact_lists m WHERE m.contact_rid = c.rid AND m.list_rid = ?)) AS joins_list
         FROM temp.import_rows s JOIN contacts c ON c.account_rid = ? AND c.phone = s.phone
        WHERE s.pos > ? AND s.pos <= ? ORDER BY s.pos`,
    );
    const countKept = this.sql.get<[number, number, number], { n: number }>(
      `SELECT count(*) AS n FROM temp.import_rows s WHERE s.pos > ? AND s.pos <= ? AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.account_rid = ? AND o.phone = s.phone)`,
    );
    const addMember = this.sql.get(`INSERT OR IGNORE INTO contact_lists (contact_rid, list_rid) VALUES (?, ?)`);
    const update = this.sql.get(`UPDATE contacts SET full_name = ?, name_key = ?, email = ?, updated_at = ?, version = version + 1 WHERE rid = ?`);
    const insertNew = this.sql.get(
      `INSERT INTO contacts (id, account_rid, full_name, name_key, phone, email, created_at, updated_at, version)
       SELECT new_contact_id(), ?, s.full_name, contact_name_key(s.full_name), s.phone, s.email, ?, ?, 1
         FROM temp.import_rows s
        WHERE s.pos > ? AND s.pos <= ? AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.account_rid = ? AND c.phone = s.phone)
        ORDER BY s.pos`,
    );
    const addOptOuts = this.sql.get(
      `INSERT OR IGNORE INTO opt_outs (account_rid, phone, at, source, keyword) SELECT ?, phone, ?, 'import', NULL FROM temp.import_rows WHERE pos > ? AND pos <= ? AND opted_out = 1`,
    );
    // `+account_rid`: the rowid range must drive these statements. Left free, the planner walks
    // an (account_rid, …) index over every contact of the account.
    const listNew = this.sql.get(`INSERT OR IGNORE INTO contact_lists (contact_rid, list_rid) SELECT rid, ? FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ?`);
    const queueForSearch = this.sql.get(`INSERT OR IGNORE INTO search_backlog (rid) SELECT rid FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ?`);
    const feedNew = this.sql.get(
      `INSERT INTO changes (account_rid, seq, contact_id, op, at)
       SELECT account_rid, ? + row_number() OVER (ORDER BY rid) - 1, id, 'upsert', ? FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ? ORDER BY rid`,
    );
    const nowMs = this.now();
    const now = new Date(nowMs).toISOString();
    this.commitClock = nowMs;

    let rangeRows = FIRST_RANGE_ROWS;
    for (let from = 0, to = 0; from < distinct; from = to) {
      const rangeStarted = performance.now();
      to = Math.min(from + rangeRows, distinct);
      // Read before this range adds to the register: "kept" means opted out before the import.
      counts.keptOptedOut += countKept.get(from, to, account)!.n;
      for (const match of matches.all(listRid, listRid, account, from, to)) {
        const optsOut = match.opted_out === 1 && match.was_opted_out === 0;
        // A row without an email keeps the one on file: an import never erases data it lacks.
        const email = match.email ?? match.current_email;
        const fieldsChanged = match.full_name !== match.current_name || email !== match.current_email;
        if (!fieldsChanged && match.joins_list === 0 && !optsOut) {
          counts.unchanged += 1;
          continue;
        }
        if (match.joins_list === 1) addMember.run(match.rid, listRid);
        update.run(match.full_name, nameKey(match.full_name), email, now, match.rid);
        this.contacts.recordChange(accountId, match.id, 'upsert');
        counts.updated += 1;
      }
      const rowidBefore = lastContactRowid(this.sql.db);
      const created = insertNew.run(account, now, now, from, to, account).changes;
      addOptOuts.run(account, now, from, to);
      if (created > 0) {
        const rowidAfter = rowidBefore + created;
        if (listRid !== null) listNew.run(listRid, rowidBefore, rowidAfter, account);
        queueForSearch.run(rowidBefore, rowidAfter, account);
        feedNew.run(this.contacts.takeSeqs(accountId, created), Date.now(), rowidBefore, rowidAfter, account);
        counts.created += created;
      }
      // Ranges near the slice's length: long enough to amortize each statement, short enough
      // that requests waiting on the event loop get their turn.
      const elapsed = performance.now() - rangeStarted;
      rangeRows = Math.max(500, Math.min(50_000, Math.round(rangeRows * Math.min(2, Math.max(0.5, COMMIT_SLICE_MS / Math.max(elapsed, 1))))));
      if (sliceUsedUp()) {
        yield to;
        sliceStarted = performance.now();
      }
    }
    this.sql.get(`DELETE FROM temp.import_rows`).run();
    this.contacts.adjustCount(accountId, counts.created);
    return counts;
  }
}
