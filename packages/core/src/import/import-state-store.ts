/** What a resumable import remembers between runs (a reload, a crash, a killed process). */
export interface ImportState {
  version: 1;
  importId: string;
  /** Identifies the file and options; a different fingerprint means a different import. */
  fingerprint: string;
  baseUrl: string;
  listId: string | null;
  totalRows: number;
  chunkSize: number;
  /** Chunk indexes the server acknowledged. */
  acknowledgedChunks: number[];
  /** Set once the commit was accepted: a resumed run only waits for its job. */
  jobId: string | null;
  updatedAt: string;
}

/** Where resumable state lives: IndexedDB in browsers, a file beside the CSV in Node. */
export interface ImportStateStore {
  load(key: string): Promise<ImportState | undefined>;
  save(key: string, state: ImportState): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Keeps state for the life of the process only (sources that cannot be reopened). */
export class MemoryImportStateStore implements ImportStateStore {
  private readonly states = new Map<string, ImportState>();
  async load(key: string): Promise<ImportState | undefined> {
    const state = this.states.get(key);
    return state ? structuredClone(state) : undefined;
  }
  async save(key: string, state: ImportState): Promise<void> {
    this.states.set(key, structuredClone(state));
  }
  async clear(key: string): Promise<void> {
    this.states.delete(key);
  }
}
