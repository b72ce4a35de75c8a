import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileImportStateStore } from './file-import-state-store.js';
import type { ImportState } from './import-state-store.js';

const state = (acknowledgedChunks: number[]): ImportState => ({
  version: 1,
  importId: 'im_1',
  fingerprint: 'f',
  baseUrl: 'http://127.0.0.1:1',
  listId: null,
  totalRows: 5000,
  chunkSize: 1000,
  acknowledgedChunks,
  jobId: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('FileImportStateStore', () => {
  const dirs: string[] = [];
  const pathIn = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-state-'));
    dirs.push(dir);
    return join(dir, 'contacts.csv.import-state.json');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('saves made in quick succession all resolve, and the file holds the newest', async () => {
    const store = new FileImportStateStore();
    const path = pathIn();
    await Promise.all(
      [0, 1, 2, 3, 4].map((last) => store.save(path, state([...Array(last + 1).keys()]))),
    );
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(state([0, 1, 2, 3, 4]));
    expect(await store.load(path)).toEqual(state([0, 1, 2, 3, 4]));
  });

  it('keeps the order of saves and clears: a save after a clear is not undone by it', async () => {
    const store = new FileImportStateStore();
    const path = pathIn();
    const first = store.save(path, state([0]));
    const second = store.save(path, state([0, 1]));
    const cleared = store.clear(path);
    const third = store.save(path, state([7]));
    await Promise.all([first, second, cleared, third]);
    expect(await store.load(path)).toEqual(state([7]));
    await store.clear(path);
    expect(existsSync(path)).toBe(false);
  });
});
