// The server import an upload goes into: a new one, or the one an earlier run of the same file
// left open (resumable state in a store: a file beside a Node CSV, IndexedDB, or memory).
import type { ContactsClient } from '../client/types.js';
import { hasIndexedDb } from '../csv/csv-database.js';
import { isCsvSourceProvider, type CsvSource } from '../csv/csv-source.js';
import { NotFoundError } from '../errors/contacts-api-error.js';
import {
  MemoryImportStateStore,
  type ImportState,
  type ImportStateStore,
} from './import-state-store.js';

export interface ImportSessionOptions {
  source: CsvSource;
  /** Identifies the file, its valid rows and the options: another fingerprint, another import. */
  fingerprint: string;
  listId: string | null;
  totalRows: number;
  chunkSize: number;
  filename: string | undefined;
  resume: boolean;
  stateStore: ImportStateStore | undefined;
  signal: AbortSignal | undefined;
}

export interface ImportSession {
  importId: string;
  /** True when this run continues an earlier one. */
  resumed: boolean;
  /** Chunk indexes the server already staged. */
  staged: Set<number>;
  /** Set when an earlier run already committed: only its job is left to wait for. */
  committedJobId: string | null;
  /** Records that the server staged a chunk. */
  acknowledge(index: number): Promise<void>;
  /** Records the commit's job. */
  rememberJob(jobId: string): Promise<void>;
  /** Forgets the state (done, or cancelled without resume). */
  clear(): Promise<void>;
}

/** Where the state lives: the caller's store, the source's own (a file beside it), IndexedDB or memory. */
async function chooseStore(
  options: ImportSessionOptions,
): Promise<{ store: ImportStateStore; key: string }> {
  const { source, stateStore, fingerprint } = options;
  const fileStore =
    isCsvSourceProvider(source) && source.statePath && source.stateStore
      ? { store: source.stateStore, key: source.statePath }
      : null;
  const store: ImportStateStore =
    stateStore ??
    fileStore?.store ??
    (hasIndexedDb()
      ? new (await import('./indexeddb-import-state-store.js')).IndexedDbImportStateStore()
      : new MemoryImportStateStore());
  return { store, key: fileStore && !stateStore ? fileStore.key : `import:${fingerprint}` };
}

/** Finds the import an earlier run left (when its state matches), or creates one. */
export async function openImportSession(
  client: ContactsClient,
  options: ImportSessionOptions,
): Promise<ImportSession> {
  const { fingerprint, listId, totalRows, chunkSize, resume, signal } = options;
  const { store, key } = await chooseStore(options);
  // State is a convenience: a store that cannot be written (a read-only folder, private
  // browsing) must not fail the import, only make it non-resumable.
  let persistState = resume;
  const save = async (value: ImportState): Promise<void> => {
    if (!persistState) return;
    try {
      await store.save(key, value);
    } catch {
      persistState = false;
    }
  };
  const clear = (): Promise<void> => store.clear(key).catch(() => undefined);

  let state: ImportState | undefined = resume
    ? await store.load(key).catch(() => undefined)
    : undefined;
  if (state && state.fingerprint !== fingerprint) state = undefined;
  if (!resume) await clear();

  let resumed = false;
  let committedJobId: string | null = null;
  const staged = new Set<number>();
  if (state) {
    try {
      const existing = await client.imports.get(state.importId, { signal });
      if (existing.status === 'open') {
        resumed = true;
        for (const index of existing.stagedChunks) staged.add(index);
      } else if (
        (existing.status === 'committing' || existing.status === 'completed') &&
        existing.jobId
      ) {
        resumed = true;
        committedJobId = existing.jobId;
      } else {
        state = undefined; // failed, aborted or expired: start a new import
      }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      state = undefined;
    }
  }

  if (!state) {
    const created = await client.imports.create(
      {
        ...(listId ? { listId } : {}),
        totalRows,
        ...(options.filename ? { filename: options.filename.slice(0, 255) } : {}),
      },
      { signal },
    );
    state = {
      version: 1,
      importId: created.id,
      fingerprint,
      baseUrl: client.baseUrl,
      listId,
      totalRows,
      chunkSize,
      acknowledgedChunks: [],
      jobId: null,
      updatedAt: new Date().toISOString(),
    };
    await save(state);
  }
  const current = state;
  return {
    importId: current.importId,
    resumed,
    staged,
    committedJobId,
    acknowledge: (index) => {
      staged.add(index);
      current.acknowledgedChunks.push(index);
      current.updatedAt = new Date().toISOString();
      return save(current);
    },
    rememberJob: (jobId) => {
      current.jobId = jobId;
      return save(current);
    },
    clear,
  };
}
