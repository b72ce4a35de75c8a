import type { Import, ImportCounts, ImportStatus, JobError } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { newId } from '../ids.js';
import type { CommitOutcome, ImportsStore, StagedRow } from '../types.js';
import type { Synchronous } from './synchronous.js';
import { nameKey, type SqliteContactsStore } from './contacts-store.js';
import { lastContactRowid } from './open-database.js';
import { LastRowOfEachPhone, PhoneSet } from './phone-set.js';
import type { StatementCache } from './statement-cache.js';

/** An import session untouched for this long expires and its staged rows are dropped. */
const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
/** Time spent applying rows between two yields of a commit: short enough that reads interleave. */
const COMMIT_SLICE_MS = 25;
/** New contacts handed to the feed, the search backlog and the list per statement. */
const ANNOUNCE_ROWS = 5000;

/** A staged row as a chunk stores it: name, phone, email, and 1 when it opts out. */
type StagedTuple = [fullName: string, phone: string, email: string | null, optOut?: 1];

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
  constructor(
    private readonly sql: StatementCache,
    private readonly contacts: SqliteContactsStore,
    private readonly now: () => number,
    /** False while a job holds the write lock: a lazy expiry then waits for the sweep. */
    private readonly canWrite: () => boolean = () => true,
  ) {}

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
  stagedRows(accountId: string, id: string): number {
    const row = this.requireRow(accountId, id);
    return this.sql.get<[string], { n: number | null }>(`SELECT sum(row_count) AS n FROM import_chunks WHERE import_id = ?`).get(row.id)?.n ?? 0;
  }

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
   * Two passes over the staged chunks, so no more than one chunk's rows are held at a time:
   * the first finds each number's last row (and whether any of its rows opts out), the second
   * applies each number at its last row: an insert for a new number (OR IGNORE: the
   * (account, phone) index itself tells an existing one), an update when something changed.
   * New contacts reach the feed, the search backlog and the list in bulk, a range at a time.
   */
  private *applyRows(accountId: string, row: ImportRow): Generator<number, ImportCounts, void> {
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    if (row.list_id) this.contacts.assertListsExist(accountId, [row.list_id], 'listId');
    const account = this.sql.accountRid(accountId);
    const listRid = row.list_id ? (this.sql.get<[string], { rid: number }>(`SELECT rid FROM lists WHERE id = ?`).get(row.list_id)?.rid ?? null) : null;
    let sliceStarted = performance.now();
    const sliceUsedUp = (): boolean => performance.now() - sliceStarted >= COMMIT_SLICE_MS;
    const indexes = this.sql.get<[string], { idx: number }>(`SELECT idx FROM import_chunks WHERE import_id = ? ORDER BY idx`).all(row.id);
    const readChunk = this.sql.get<[string, number], { rows: string }>(`SELECT rows FROM import_chunks WHERE import_id = ? AND idx = ?`);
    const chunkRows = (idx: number): StagedTuple[] => JSON.parse(readChunk.get(row.id, idx)!.rows) as StagedTuple[];

    // Pass 1: each number's last row; an opt-out in any of its rows stands.
    const stagedCount = this.sql.get<[string], { n: number | null }>(`SELECT sum(row_count) AS n FROM import_chunks WHERE import_id = ?`).get(row.id)?.n ?? 0;
    const lastRows = new LastRowOfEachPhone(stagedCount);
    const optingOut = new Set<string>();
    let position = 0;
    for (const { idx } of indexes) {
      for (const [, phone, , optOut] of chunkRows(idx)) {
        lastRows.note(phone, position++);
        if (optOut === 1) optingOut.add(phone);
      }
      if (sliceUsedUp()) {
        yield 0;
        sliceStarted = performance.now();
      }
    }
    lastRows.finish();
    counts.rows = position;
    counts.duplicatesInFile = position - lastRows.distinct;
    // The register as it was before this import (each number is looked up once, at its last
    // row), read in slices too: a large register would otherwise stall reads.
    const registerSize = this.sql.get<[number], { n: number }>(`SELECT count(*) AS n FROM opt_outs WHERE account_rid = ?`).get(account)!.n;
    const register = new PhoneSet(registerSize);
    let read = 0;
    for (const { phone } of this.sql.get<[number], { phone: string }>(`SELECT phone FROM opt_outs WHERE account_rid = ?`).iterate(account)) {
      register.add(phone);
      if (++read % 1024 === 0 && sliceUsedUp()) {
        yield 0;
        sliceStarted = performance.now();
      }
    }

    const findExisting = this.sql.get<[number, string], { rid: number; id: string; full_name: string; email: string | null }>(
      `SELECT rid, id, full_name, email FROM contacts WHERE account_rid = ? AND phone = ?`,
    );
    const isMember = this.sql.get<[number, number], { x: number }>(`SELECT 1 AS x FROM contact_lists WHERE contact_rid = ? AND list_rid = ?`);
    const addMember = this.sql.get(`INSERT OR IGNORE INTO contact_lists (contact_rid, list_rid) VALUES (?, ?)`);
    const insert = this.sql.get(
      `INSERT OR IGNORE INTO contacts (id, account_rid, full_name, name_key, phone, email, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const update = this.sql.get(`UPDATE contacts SET full_name = ?, name_key = ?, email = ?, updated_at = ?, version = version + 1 WHERE rid = ?`);
    const addOptOut = this.sql.get(`INSERT OR IGNORE INTO opt_outs (account_rid, phone, at, source, keyword) VALUES (?, ?, ?, 'import', NULL)`);
    // `+account_rid`: the rowid range must drive these statements. Left free, the planner walks
    // an (account_rid, …) index over every contact of the account for each range.
    const listNew = this.sql.get(`INSERT OR IGNORE INTO contact_lists (contact_rid, list_rid) SELECT rid, ? FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ?`);
    const queueForSearch = this.sql.get(`INSERT OR IGNORE INTO search_backlog (rid) SELECT rid FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ?`);
    const feedNew = this.sql.get(
      `INSERT INTO changes (account_rid, seq, contact_id, op, at)
       SELECT account_rid, ? + rid, id, 'upsert', ? FROM contacts WHERE rid > ? AND rid <= ? AND +account_rid = ?`,
    );
    const nowMs = this.now();
    const now = new Date(nowMs).toISOString();
    let rowidBefore = lastContactRowid(this.sql.db);
    let createdSince = 0;
    /** The contacts created since the last call: to the list, the search backlog and the feed. */
    const announceNew = (): void => {
      if (createdSince === 0) return;
      const rowidAfter = rowidBefore + createdSince;
      if (listRid !== null) listNew.run(listRid, rowidBefore, rowidAfter, account);
      queueForSearch.run(rowidBefore, rowidAfter, account);
      // The new rowids follow each other, so each one's seq is an offset from the first.
      feedNew.run(this.contacts.takeSeqs(accountId, createdSince) - rowidBefore - 1, Date.now(), rowidBefore, rowidAfter, account);
      rowidBefore = rowidAfter;
      createdSince = 0;
    };

    // Pass 2: each number at its last row.
    position = 0;
    let done = 0;
    for (const { idx } of indexes) {
      for (const [fullName, phone, email] of chunkRows(idx)) {
        if (!lastRows.isLast(phone, position++)) continue;
        done += 1;
        const wasOptedOut = register.has(phone);
        if (wasOptedOut) counts.keptOptedOut += 1;
        // An import adds to the register (source "import"), never takes from it.
        const optsOut = optingOut.has(phone) && !wasOptedOut;
        if (optsOut) addOptOut.run(account, phone, now);
        if (insert.run(newId('ct', nowMs), account, fullName, nameKey(fullName), phone, email, now, now).changes > 0) {
          // Rowids of new contacts follow each other: nothing else writes meanwhile.
          createdSince += 1;
          counts.created += 1;
          continue;
        }
        const existing = findExisting.get(account, phone)!;
        // A row without an email keeps the one on file: an import never erases data it lacks.
        const keptEmail = email ?? existing.email;
        const fieldsChanged = fullName !== existing.full_name || keptEmail !== existing.email;
        const joinsList = listRid !== null && !isMember.get(existing.rid, listRid);
        if (!fieldsChanged && !joinsList && !optsOut) {
          counts.unchanged += 1;
          continue;
        }
        if (joinsList) addMember.run(existing.rid, listRid);
        update.run(fullName, nameKey(fullName), keptEmail, now, existing.rid);
        this.contacts.recordChange(accountId, existing.id, 'upsert');
        counts.updated += 1;
      }
      if (createdSince >= ANNOUNCE_ROWS) announceNew();
      if (sliceUsedUp()) {
        yield done;
        sliceStarted = performance.now();
      }
    }
    announceNew();
    this.contacts.adjustCount(accountId, counts.created);
    return counts;
  }
}
