import type { ContactsClient } from '../client/types.js';
import { NotFoundError } from '../errors/contacts-api-error.js';
import type { ColumnMappingInput } from '../csv/column-mapping.js';
import {
  describeSource,
  isCsvSourceProvider,
  isReopenable,
  type CsvSource,
} from '../csv/csv-source.js';
import { hasIndexedDb } from '../csv/csv-database.js';
import type { CsvDelimiter } from '../csv/read-csv-rows.js';
import {
  scanContactsCsv,
  type CsvValidationProgress,
  type CsvValidationReport,
  type ValidContactRow,
} from '../csv/validate-contacts-csv.js';
import type { ImportCounts, Job } from '../schema/index.js';
import { MAX_CHUNK_ROWS } from '../schema/import.js';
import {
  canUseCsvWorker,
  scanContactsCsvInWorker,
  type WorkerCsvScan,
} from '../csv/validate-in-worker.js';
import { CsvError } from '../csv/csv-error.js';
import { ImportError, ImportValidationError } from './import-errors.js';
import { abortReason, isRetryable, sendChunk, sleep, type ChunkCompression } from './send-chunk.js';
import {
  MemoryImportStateStore,
  type ImportState,
  type ImportStateStore,
} from './import-state-store.js';

export type ImportPhase = 'validating' | 'uploading' | 'committing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  /** The server import, once created (or found, when resuming). */
  importId: string | null;
  /** Rows read and checked so far (validating), or in the file. */
  rowsValidated: number;
  /** Valid rows to send (known after validation). */
  rowsTotal: number;
  rowsUploaded: number;
  chunksTotal: number;
  chunksUploaded: number;
  /** The commit job while committing. */
  job: Job | null;
  /** 0..1 over the whole import (validation counts for the first 20 %). */
  fraction: number;
}

export interface RunImportOptions {
  /** Add every imported contact to this list. */
  listId?: string | null;
  skipFirstLine?: boolean;
  columns?: ColumnMappingInput;
  /** Default: the account's (`GET /v1/me`). */
  defaultCountry?: string;
  delimiter?: CsvDelimiter;
  /** Import the valid rows and drop the others; otherwise any error stops the import before anything is sent. */
  onlyValid?: boolean;
  /** Rows per chunk, at most 1000 (default). */
  chunkSize?: number;
  /** Chunks in flight at once (default 4: the server parses one while the next is compressed and sent). */
  concurrency?: number;
  /**
   * Send chunks gzip-encoded where `CompressionStream` exists (default true): a chunk of 1000
   * rows shrinks about fivefold. A server that refuses the encoding (415) gets plain JSON.
   */
  compress?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called once validation is done, before anything is sent. */
  onValidated?: (report: CsvValidationReport) => void;
  signal?: AbortSignal;
  /**
   * Keep resumable state (default true): a later run with the same file and options continues
   * where this one stopped, sending only unacknowledged chunks; cancelling keeps the server
   * import for that. `false` starts afresh, and a cancel deletes the server import.
   */
  resume?: boolean;
  /** Where state lives. Default: the file beside a Node CSV file, IndexedDB in browsers, memory otherwise. */
  stateStore?: ImportStateStore;
  /** Attempts per chunk beyond the client's own retries, for long outages (default 5). */
  maxAttempts?: number;
  /** Shown on the import; default the file's name. */
  filename?: string;
  /**
   * Browsers: read and validate the file once, in a Web Worker that keeps the valid rows and hands
   * them to the upload in batches, so nothing is parsed on the main thread and the file is not
   * read twice. Falls back to this thread when the worker cannot start or the source cannot be
   * sent to one (a Node stream or file). Default false.
   */
  validateInWorker?: boolean;
  /** The worker for `validateInWorker`, when the default module worker URL does not suit the bundler or CSP. */
  createWorker?: () => Worker;
}

export interface ImportResult {
  importId: string;
  jobId: string;
  /** The server's counts: created, updated, unchanged, duplicatesInFile, keptOptedOut, rows. */
  counts: ImportCounts;
  /** The validation report of the file. */
  report: CsvValidationReport;
  /** Rows left out because they had errors (with `onlyValid`). */
  skippedInvalidRows: number;
  /** True when this run continued an earlier one. */
  resumed: boolean;
  chunks: { total: number; uploaded: number; alreadyStaged: number };
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_MAX_ATTEMPTS = 5;
const PATH_LIKE = /^[^\n\r]*\.(csv|tsv|txt|vcf|vcard|xlsx)$/i;
const NODE_ENTRY = '@contacts-manager/core/csv/node';

function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return (hash >>> 0).toString(36);
}

/** In Node, a one-line string ending in .csv, .tsv, .txt, .vcf, .vcard or .xlsx (or a file: URL) names a file; any other string is CSV text. */
async function resolveSource(source: CsvSource | URL): Promise<CsvSource> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const isUrl = typeof URL !== 'undefined' && source instanceof URL;
  if (isNode && (isUrl || (typeof source === 'string' && PATH_LIKE.test(source.trim())))) {
    const nodeEntry = (await import(/* @vite-ignore */ NODE_ENTRY)) as {
      toNodeCsvSource(source: CsvSource | URL): CsvSource;
    };
    return nodeEntry.toNodeCsvSource(source);
  }
  if (isUrl)
    throw new TypeError(
      'A URL source can only be a file: URL, in Node. Fetch it and pass the response body.',
    );
  return source as CsvSource;
}

/**
 * Imports a CSV file: validates all of it first (nothing is sent while there is an error, unless
 * `onlyValid`), then creates a server import, uploads chunks of ≤1000 rows a few at a time with
 * retries, commits them in one transaction and waits for the job. Resumable: a run that stops
 * (reload, crash, network loss, cancel) is continued by the next run with the same file, which
 * sends only the chunks the server has not staged. The commit is atomic and upserts by phone,
 * so no row is imported twice.
 */
export async function runImport(
  client: ContactsClient,
  input: CsvSource | URL,
  options: RunImportOptions = {},
): Promise<ImportResult> {
  const { signal, onProgress } = options;
  const source = await resolveSource(input);
  const chunkSize = Math.max(
    1,
    Math.min(MAX_CHUNK_ROWS, Math.trunc(options.chunkSize ?? MAX_CHUNK_ROWS)),
  );
  const concurrency = Math.max(1, Math.trunc(options.concurrency ?? DEFAULT_CONCURRENCY));
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const resume = options.resume !== false;
  const compression: ChunkCompression = { enabled: options.compress !== false, proven: false };
  const listId = options.listId ?? null;
  const described = describeSource(source);
  const defaultCountry = (
    options.defaultCountry ?? (await client.me({ signal })).account.defaultCountry
  ).toUpperCase();

  const progress: ImportProgress = {
    phase: 'validating',
    importId: null,
    rowsValidated: 0,
    rowsTotal: 0,
    rowsUploaded: 0,
    chunksTotal: 0,
    chunksUploaded: 0,
    job: null,
    fraction: 0,
  };
  const emit = (): void => {
    const uploadShare = progress.chunksTotal ? progress.chunksUploaded / progress.chunksTotal : 0;
    progress.fraction =
      progress.phase === 'done'
        ? 1
        : progress.phase === 'validating'
          ? progress.fraction
          : 0.2 + 0.7 * uploadShare + (progress.phase === 'committing' ? 0.05 : 0);
    onProgress?.({ ...progress });
  };
  emit();

  // Pass 1: validate everything. Sources that cannot be read twice keep their valid rows; in a
  // worker, the worker keeps them and the file is read only once.
  const scanOptions = {
    skipFirstLine: options.skipFirstLine,
    columns: options.columns,
    defaultCountry,
    delimiter: options.delimiter,
    signal,
  } as const;
  const onScanProgress = (validation: CsvValidationProgress): void => {
    progress.rowsValidated = validation.rows;
    progress.fraction = 0.2 * (validation.fraction ?? 0);
    emit();
  };
  let workerScan: WorkerCsvScan | null = null;
  if (options.validateInWorker && canUseCsvWorker(source)) {
    try {
      workerScan = await scanContactsCsvInWorker(source, {
        ...scanOptions,
        createWorker: options.createWorker,
        onProgress: onScanProgress,
      });
    } catch (error) {
      if (!(error instanceof CsvError && error.code === 'worker_failed') || signal?.aborted)
        throw error;
    }
  }
  const reopenable = isReopenable(source);
  const buffered: { rows: ValidContactRow[]; lines: number[] } | null =
    reopenable || workerScan ? null : { rows: [], lines: [] };
  const first =
    workerScan ??
    (await scanContactsCsv(
      source,
      { ...scanOptions, onProgress: onScanProgress },
      {
        onValidRows: (rows, lines) => {
          if (!buffered) return;
          for (let index = 0; index < rows.length; index++) {
            buffered.rows.push(rows[index]!);
            buffered.lines.push(lines[index]!);
          }
        },
      },
    ));
  try {
    return await upload(first);
  } finally {
    workerScan?.close();
  }

  async function upload(first: {
    report: CsvValidationReport;
    validRowsHash: number;
  }): Promise<ImportResult> {
    const report = first.report;
    options.onValidated?.(report);
    if (report.counts.errors > 0 && !options.onlyValid) throw new ImportValidationError(report);
    if (report.counts.valid === 0) throw new ImportValidationError(report, 'no_valid_rows');

    const totalRows = report.counts.valid;
    const chunksTotal = Math.ceil(totalRows / chunkSize);
    const fingerprint = hashText(
      JSON.stringify([
        client.baseUrl,
        listId,
        chunkSize,
        defaultCountry,
        totalRows,
        first.validRowsHash,
        described.name ?? '',
        options.columns ?? null,
        report.skipFirstLine,
      ]),
    );
    progress.rowsTotal = totalRows;
    progress.chunksTotal = chunksTotal;

    // Where resumable state lives, under which key.
    const fileStore =
      isCsvSourceProvider(source) && source.statePath && source.stateStore
        ? { store: source.stateStore, key: source.statePath }
        : null;
    const store: ImportStateStore =
      options.stateStore ??
      fileStore?.store ??
      (hasIndexedDb()
        ? new (await import('./indexeddb-import-state-store.js')).IndexedDbImportStateStore()
        : new MemoryImportStateStore());
    const stateKey = fileStore && !options.stateStore ? fileStore.key : `import:${fingerprint}`;

    // State is a convenience: a store that cannot be written (a read-only folder, private
    // browsing) must not fail the import, only make it non-resumable.
    let persistState = resume;
    const save = async (value: ImportState): Promise<void> => {
      if (!persistState) return;
      try {
        await store.save(stateKey, value);
      } catch {
        persistState = false;
      }
    };
    const clear = (): Promise<void> => store.clear(stateKey).catch(() => undefined);

    let state: ImportState | undefined = resume
      ? await store.load(stateKey).catch(() => undefined)
      : undefined;
    if (state && state.fingerprint !== fingerprint) state = undefined;
    if (!resume) await clear();

    let resumed = false;
    const staged = new Set<number>();
    let alreadyStaged = 0;
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
          return await finishWithJob(existing.jobId, state.importId, true);
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
          ...((options.filename ?? described.name)
            ? { filename: (options.filename ?? described.name)!.slice(0, 255) }
            : {}),
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
    const importId = state.importId;
    progress.importId = importId;
    const currentState = state;
    alreadyStaged = staged.size;
    progress.phase = 'uploading';
    progress.chunksUploaded = staged.size;
    progress.rowsUploaded = Math.min(totalRows, staged.size * chunkSize);
    emit();

    const saveAck = (index: number): Promise<void> => {
      currentState.acknowledgedChunks.push(index);
      currentState.updatedAt = new Date().toISOString();
      return save(currentState);
    };

    const uploadChunk = async (
      index: number,
      rows: ValidContactRow[],
      lines: number[],
    ): Promise<void> => {
      await sendChunk(client, importId, index, rows, lines, {
        signal,
        maxAttempts,
        compression,
      });
      staged.add(index);
      await saveAck(index);
      progress.chunksUploaded++;
      progress.rowsUploaded += rows.length;
      emit();
    };

    try {
      // Pass 2: read the rows again (or from the buffer), cut chunks, send the missing ones.
      const inFlight = new Set<Promise<void>>();
      let failure: unknown = null;
      let chunkRows: ValidContactRow[] = [];
      let chunkLines: number[] = [];
      let nextIndex = 0;
      const dispatch = async (): Promise<void> => {
        const index = nextIndex++;
        const rows = chunkRows;
        const lines = chunkLines;
        chunkRows = [];
        chunkLines = [];
        if (staged.has(index)) return;
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (failure) throw failure;
        const upload = uploadChunk(index, rows, lines).then(
          () => {
            inFlight.delete(upload);
          },
          (error: unknown) => {
            inFlight.delete(upload);
            failure ??= error;
          },
        );
        inFlight.add(upload);
      };
      const take = async (rows: ValidContactRow[], lines: number[]): Promise<void> => {
        for (let index = 0; index < rows.length; index++) {
          chunkRows.push(rows[index]!);
          chunkLines.push(lines[index]!);
          if (chunkRows.length === chunkSize) await dispatch();
          if (failure) throw failure;
        }
      };

      if (workerScan) {
        await workerScan.readValidRows(take);
      } else if (buffered) {
        await take(buffered.rows, buffered.lines);
      } else {
        const second = await scanContactsCsv(source, scanOptions, { onValidRows: take });
        if (
          second.validRowsHash !== first.validRowsHash ||
          second.report.counts.valid !== totalRows
        ) {
          throw new ImportError(
            'source_changed',
            'The file changed while it was being imported. Nothing was committed: run the import again.',
          );
        }
      }
      if (chunkRows.length > 0) await dispatch();
      await Promise.all(inFlight);
      if (failure) throw failure;

      // The server's word on what is staged, before the commit.
      const before = await client.imports.get(importId, { signal });
      const missing = Array.from({ length: chunksTotal }, (_, index) => index).filter(
        (index) => !before.stagedChunks.includes(index),
      );
      if (missing.length > 0) {
        throw new ImportError(
          'import_gone',
          `The server lost ${missing.length} staged chunk(s) of import ${importId}. Run the import again to send them.`,
        );
      }

      progress.phase = 'committing';
      emit();
      let jobId: string;
      try {
        const job = await commitWithRetries(importId);
        jobId = job.id;
      } catch (error) {
        // Committed by an earlier attempt whose answer was lost: the import knows its job.
        const current = await client.imports.get(importId, { signal });
        if (!current.jobId) throw error;
        jobId = current.jobId;
      }
      currentState.jobId = jobId;
      await save(currentState);
      return await finishWithJob(jobId, importId, resumed);
    } catch (error) {
      if (signal?.aborted && !resume) {
        await client.imports.abort(importId).catch(() => undefined);
        await clear();
      }
      throw error;
    }

    async function commitWithRetries(id: string): Promise<Job> {
      const idempotencyKey = `commit-${id}`;
      for (let attempt = 1; ; attempt++) {
        try {
          return await client.imports.commit(id, { signal, idempotencyKey });
        } catch (error) {
          if (signal?.aborted) throw abortReason(signal);
          if (!isRetryable(error) || attempt >= maxAttempts) throw error;
          await sleep(Math.min(30_000, 500 * 2 ** attempt), signal);
        }
      }
    }

    async function finishWithJob(
      jobId: string,
      id: string,
      wasResumed: boolean,
    ): Promise<ImportResult> {
      progress.phase = 'committing';
      emit();
      const job = await client.jobs.wait(jobId, {
        signal,
        // Short polls: the commit of a small import takes well under a second.
        intervalMs: 100,
        maxIntervalMs: 1_000,
        onProgress: (current) => {
          progress.job = current;
          emit();
        },
      });
      const finished = await client.imports.get(id, { signal });
      await clear();
      progress.phase = 'done';
      progress.job = job;
      progress.chunksUploaded = chunksTotal;
      progress.rowsUploaded = totalRows;
      emit();
      return {
        importId: id,
        jobId,
        counts: finished.counts,
        report,
        skippedInvalidRows: report.counts.invalid,
        resumed: wasResumed,
        chunks: { total: chunksTotal, uploaded: chunksTotal - alreadyStaged, alreadyStaged },
      };
    }
  }
}
