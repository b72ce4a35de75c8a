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
/** New contacts queued for the search index and the feed per statement at the end of a commit. */
const SEARCH_INDEX_SLICE_ROWS = 5000;

interface ImportRow {
  id: string;
  account_id: string;
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
  constructor(
    private readonly sql: StatementCache,
    private readonly contacts: SqliteContactsStore,
    private readonly now: () => number,
    /** False while a job holds the write lock: a lazy expiry then waits for the sweep. */
    private readonly canWrite: () => boolean = () => true,
  ) {}

  private row(accountId: string, id: string): ImportRow | null {
    const row = this.sql.get<[string, string], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_id = ?`).get(id, accountId);
    if (!row) return null;
    if (row.status === 'open' && row.expires_at <= this.now() && this.canWrite()) {
      this.expire(row.id);
      return this.sql.get<[string, string], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_id = ?`).get(id, accountId) ?? null;
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
        `INSERT INTO imports (id, account_id, status, list_id, filename, total_rows, counts, created_at, updated_at, expires_at)
         VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, accountId, input.listId ?? null, input.filename ?? null, input.totalRows ?? null, JSON.stringify(EMPTY_COUNTS), now, now, nowMs + IMPORT_TTL_MS);
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
    const row = this.sql.get<[string, string], ImportRow>(`SELECT * FROM imports WHERE id = ? AND account_id = ?`).get(id, accountId);
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
      .get(`UPDATE imports SET status = 'open', error = ?, updated_at = ?, expires_at = ? WHERE id = ? AND account_id = ? AND status = 'committing'`)
      .run(JSON.stringify(error), new Date(this.now()).toISOString(), this.now() + IMPORT_TTL_MS, id, accountId);
  }

  private *applyRows(accountId: string, row: ImportRow): Generator<number, ImportCounts, void> {
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    if (row.list_id) this.contacts.assertListsExist(accountId, [row.list_id], 'listId');
    const latestByPhone = new Map<string, StagedRow>();
    // A chunk at a time: reading a million staged rows in one call would hold the loop.
    const indexes = this.sql.get<[string], { idx: number }>(`SELECT idx FROM import_chunks WHERE import_id = ? ORDER BY idx`).all(row.id);
    const readChunk = this.sql.get<[string, number], { rows: string }>(`SELECT rows FROM import_chunks WHERE import_id = ? AND idx = ?`);
    let sliceStarted = performance.now();
    const sliceUsedUp = (): boolean => performance.now() - sliceStarted >= COMMIT_SLICE_MS;
    for (const { idx } of indexes) {
      const chunk = readChunk.get(row.id, idx)!;
      for (const [fullName, phone, email, optOut] of JSON.parse(chunk.rows) as [string, string, string | null, 1?][]) {
        counts.rows += 1;
        const earlier = latestByPhone.get(phone);
        if (earlier) counts.duplicatesInFile += 1;
        // The last row wins, but an opt-out in any row of the number stands (it only ever adds).
        latestByPhone.set(phone, { fullName, phone, email, optedOut: optOut === 1 || earlier?.optedOut === true });
      }
      if (sliceUsedUp()) {
        yield 0;
        sliceStarted = performance.now();
      }
    }

    const findExisting = this.sql.get<[string, string], { id: string; full_name: string; email: string | null }>(
      `SELECT id, full_name, email FROM contacts WHERE account_id = ? AND phone = ?`,
    );
    const isMember = this.sql.get<[string, string], { x: number }>(`SELECT 1 AS x FROM contact_lists WHERE contact_id = ? AND list_id = ?`);
    const addMember = this.sql.get(`INSERT OR IGNORE INTO contact_lists (contact_id, list_id) VALUES (?, ?)`);
    const insert = this.sql.get(
      `INSERT INTO contacts (id, account_id, full_name, name_key, phone, email, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const update = this.sql.get(
      `UPDATE contacts SET full_name = ?, name_key = ?, email = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
    );
    const optedOut = this.sql.get<[string, string], { x: number }>(`SELECT 1 AS x FROM opt_outs WHERE account_id = ? AND phone = ?`);
    const addOptOut = this.sql.get(`INSERT OR IGNORE INTO opt_outs (account_id, phone, at, source, keyword) VALUES (?, ?, ?, 'import', NULL)`);
    const nowMs = this.now();
    const now = new Date(nowMs).toISOString();
    const listId = row.list_id;
    const rowidBefore = lastContactRowid(this.sql.db);

    let done = 0;
    for (const staged of latestByPhone.values()) {
      // Yield about every COMMIT_SLICE_MS, whatever the machine's speed.
      if (++done % 256 === 0 && sliceUsedUp()) {
        yield done;
        sliceStarted = performance.now();
      }
      const wasOptedOut = optedOut.get(accountId, staged.phone) !== undefined;
      if (wasOptedOut) counts.keptOptedOut += 1;
      // An import adds to the register (source "import"), never takes from it.
      const optsOut = staged.optedOut === true && !wasOptedOut;
      if (optsOut) addOptOut.run(accountId, staged.phone, now);
      const existing = findExisting.get(accountId, staged.phone);
      if (!existing) {
        const id = newId('ct', nowMs);
        insert.run(id, accountId, staged.fullName, nameKey(staged.fullName), staged.phone, staged.email, now, now);
        if (listId) addMember.run(id, listId);
        counts.created += 1;
        continue;
      }
      // A row without an email keeps the one on file: an import never erases data it lacks.
      const email = staged.email ?? existing.email;
      const fieldsChanged = staged.fullName !== existing.full_name || email !== existing.email;
      const joinsList = listId !== null && !isMember.get(existing.id, listId);
      if (!fieldsChanged && !joinsList && !optsOut) {
        counts.unchanged += 1;
        continue;
      }
      if (joinsList) addMember.run(existing.id, listId);
      update.run(staged.fullName, nameKey(staged.fullName), email, now, existing.id);
      this.contacts.recordChange(accountId, existing.id, 'upsert');
      counts.updated += 1;
    }
    // New contacts reach the change feed and the search backlog in bulk, a slice per
    // statement: much cheaper than a statement per row.
    const rowidAfter = lastContactRowid(this.sql.db);
    // `+account_id`: the rowid range must drive these statements. Left free, the planner walks
    // an (account_id, …) index over every contact of the account for each slice, which made
    // this tail quadratic in the import's size.
    const queueForSearch = this.sql.get(`INSERT OR IGNORE INTO search_backlog (rid) SELECT rid FROM contacts WHERE rid > ? AND rid <= ? AND +account_id = ?`);
    const feedNew = this.sql.get(
      `INSERT INTO changes (account_id, seq, contact_id, op, at)
       SELECT account_id, ? + row_number() OVER (ORDER BY rid) - 1, id, 'upsert', ? FROM contacts WHERE rid > ? AND rid <= ? AND +account_id = ? ORDER BY rid`,
    );
    const countNew = this.sql.get<[number, number, string], { n: number }>(`SELECT count(*) AS n FROM contacts WHERE rid > ? AND rid <= ? AND +account_id = ?`);
    for (let from = rowidBefore; from < rowidAfter; from += SEARCH_INDEX_SLICE_ROWS) {
      const to = Math.min(from + SEARCH_INDEX_SLICE_ROWS, rowidAfter);
      queueForSearch.run(from, to, accountId);
      const added = countNew.get(from, to, accountId)!.n;
      if (added > 0) feedNew.run(this.contacts.takeSeqs(accountId, added), Date.now(), from, to, accountId);
      yield done;
    }
    this.contacts.adjustCount(accountId, counts.created);
    return counts;
  }
}
