import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { ImportState, ImportStateStore } from './import-state-store.js';

/** `<file>.import-state.json`: where a Node import keeps its resumable state. */
export function importStatePathFor(csvPath: string): string {
  return `${csvPath}.import-state.json`;
}

/**
 * Node store: one JSON file (the key is its path). Writes go to a temporary file renamed over
 * the old one, so a process killed mid-write leaves the previous state, never half a file.
 */
export class FileImportStateStore implements ImportStateStore {
  private writing: Promise<void> = Promise.resolve();
  /** Per path, the write queued but not started: a newer save replaces its text. */
  private readonly queued = new Map<string, { text: string; written: Promise<void> }>();

  async load(path: string): Promise<ImportState | undefined> {
    try {
      const state = JSON.parse(await readFile(path, 'utf8')) as ImportState;
      return state && state.version === 1 && typeof state.importId === 'string' ? state : undefined;
    } catch {
      return undefined; // missing or unreadable: start afresh
    }
  }

  /**
   * Saves made while a write is under way are coalesced: only the newest is written (an
   * upload acknowledges chunks faster than a disk renames files), and each resolves once it is.
   */
  save(path: string, state: ImportState): Promise<void> {
    const text = `${JSON.stringify(state)}\n`;
    const waiting = this.queued.get(path);
    if (waiting) {
      waiting.text = text;
      return waiting.written;
    }
    const entry = { text, written: Promise.resolve() };
    this.queued.set(path, entry);
    entry.written = this.queue(async () => {
      if (this.queued.get(path) === entry) this.queued.delete(path);
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, entry.text);
      await rename(temporary, path);
    });
    return entry.written;
  }

  clear(path: string): Promise<void> {
    // A save after this clear is written after it, not merged into one queued before.
    this.queued.delete(path);
    return this.queue(() => rm(path, { force: true }));
  }

  /** One write at a time, in order; a failed write does not block the next. */
  private queue(write: () => Promise<void>): Promise<void> {
    const run = this.writing.then(write);
    this.writing = run.catch(() => undefined);
    return run;
  }
}
