import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { BackgroundDeleter } from '../types.js';

/**
 * The worker: its own connection to the file; each request deletes up to `rows` of the
 * account's contacts created before the job began (fewer once `budgetMs` has passed), as one
 * transaction, in slices of the same
 * statements as SqliteContactsStore.deleteBatch (lists, search garbage, contacts, the count,
 * a delete op per contact in the feed, the job's progress; the opt-out register is not touched). CommonJS, run
 * with eval, so it needs no TypeScript loader.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const { filename, accountRid, createdBefore, jobId, sliceRows, checkpointedElsewhere } = workerData;
const db = new Database(filename, { fileMustExist: true });
db.pragma('journal_mode = WAL');
// Else each commit copies its whole log back into the file before the next transaction starts.
if (checkpointedElsewhere) db.pragma('wal_autocheckpoint = 0');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -524288');
db.pragma('mmap_size = 1073741824');
db.pragma('temp_store = MEMORY');
db.exec('CREATE TEMP TABLE IF NOT EXISTS doomed (rid INTEGER PRIMARY KEY, id TEXT NOT NULL)');
const clear = db.prepare('DELETE FROM temp.doomed');
const pick = db.prepare('INSERT INTO temp.doomed (rid, id) SELECT rid, id FROM contacts WHERE account_rid = ? AND created_at <= ? ORDER BY created_at LIMIT ?');
const unlist = db.prepare('DELETE FROM contact_lists WHERE contact_rid IN (SELECT rid FROM temp.doomed)');
const noteGarbage = db.prepare('INSERT OR IGNORE INTO search_garbage (rid, account_rid) SELECT rid, ? FROM temp.doomed');
const remove = db.prepare('DELETE FROM contacts WHERE rid IN (SELECT rid FROM temp.doomed)');
const count = db.prepare('UPDATE accounts SET contact_count = contact_count - ? WHERE rid = ?');
const takeSeqs = db.prepare('UPDATE accounts SET change_seq = change_seq + ? WHERE rid = ? RETURNING change_seq');
const feed = db.prepare("INSERT OR REPLACE INTO changes (account_rid, seq, contact_id, op, at) SELECT ?, ? + row_number() OVER (ORDER BY rid) - 1, id, 'delete', ? FROM temp.doomed ORDER BY rid");
const progress = db.prepare('UPDATE jobs SET done = done + ?, updated_at = ? WHERE id = ?');
const transaction = db.transaction((rows, budgetMs) => {
  const started = performance.now();
  let deleted = 0;
  while (deleted < rows && performance.now() - started < budgetMs) {
    clear.run();
    const picked = pick.run(accountRid, createdBefore, Math.min(sliceRows, rows - deleted)).changes;
    if (picked === 0) break;
    unlist.run();
    noteGarbage.run(accountRid);
    remove.run();
    count.run(picked, accountRid);
    const firstSeq = takeSeqs.get(picked, accountRid).change_seq - picked + 1;
    feed.run(accountRid, firstSeq, Date.now());
    progress.run(picked, new Date().toISOString(), jobId);
    deleted += picked;
  }
  return deleted;
});
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ deleted: transaction.immediate(message.rows, message.budgetMs) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/**
 * Delete-all off the event loop: a worker thread with its own connection deletes in large
 * transactions. Large ones matter: every transaction rewrites each index page it touches,
 * and a contact's phone and name sit on random pages, so small batches rewrote the same
 * pages dozens of times. Readers on the main connection keep their WAL snapshot meanwhile.
 */
export class SqliteBackgroundDeleter implements BackgroundDeleter {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private pending: { resolve: (deleted: number) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  /**
   * @param accountRid the account's integer key in the database (not its public id).
   * @param checkpointedElsewhere a WalCheckpointer copies the log back on another thread.
   */
  constructor(filename: string, accountRid: number, createdBefore: string, jobId: string, checkpointedElsewhere: boolean, sliceRows = 5000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, driver, accountRid, createdBefore, jobId, sliceRows, checkpointedElsewhere } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: { deleted?: number; error?: string }) => {
      const pending = this.pending;
      this.pending = null;
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.deleted ?? 0);
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.pending?.reject(error);
      this.pending = null;
    };
    this.worker.on('error', fail);
    this.worker.once('exit', () => fail(new Error('The delete-all worker ended.')));
  }

  deleteTransaction(rows: number, budgetMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      this.pending = { resolve, reject };
      this.worker.postMessage({ rows, budgetMs });
    });
  }

  close(): Promise<void> {
    this.worker.postMessage('stop');
    return this.exited;
  }
}
