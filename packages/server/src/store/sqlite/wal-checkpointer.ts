import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker: its own connection to the file, checkpointing the WAL on a timer. CommonJS, run with eval. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  // A checkpoint copies frames with its own buffer: a page cache here would only add to the
  // server's memory.
  db.pragma('cache_size = -1024');
} catch {
  // The database is already gone (closed and removed): nothing to checkpoint.
  process.exit(0);
}
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies the write-ahead log back into the database file from a worker thread. SQLite's own
 * checkpoints run inside the committing statement, on the event loop: with big jobs they
 * stall requests and copy the same index pages over and over. The connections that write set
 * `wal_autocheckpoint = 0` while this runs.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(filename: string, intervalMs = 500) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, driver, intervalMs } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A failed checkpoint only costs a bigger WAL; it must never take the server down.
    this.worker.on('error', (error) => console.error('contacts-server: WAL checkpointer stopped:', error));
    this.worker.unref();
  }

  /**
   * Asks the worker to close its connection and end. The promise settles when it has, so a
   * caller can remove the database's folder without racing the worker's own connection.
   */
  stop(): Promise<void> {
    // Held again while it closes, so a process that awaits this does not end first.
    this.worker.ref();
    this.worker.postMessage('stop');
    return this.exited;
  }
}
