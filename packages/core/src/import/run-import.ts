// The import runner: the stages joined. Validation (reader → mapping → validation) over the whole
// file first, then a server import (new or resumed), the chunks sent a few at a time, the
// commit. Each stage is a module of its own; this file only orders them and reports progress.
import type { ContactsClient } from '../client/types.js';
import type { ColumnMappingInput } from '../csv/column-mapping.js';
import { describeSource, isReopenable, type CsvSource } from '../csv/csv-source.js';
import { CsvError } from '../csv/csv-error.js';
import type { CsvDelimiter } from '../csv/read-csv-rows.js';
import {
  scanContactsCsv,
  type CsvValidationProgress,
  type CsvValidationReport,
} from '../csv/validate-contacts-csv.js';
import {
  canUseCsvWorker,
  scanContactsCsvInWorker,
  type WorkerCsvScan,
} from '../csv/validate-in-worker.js';
import type { ImportCounts, Job } from '../schema/index.js';
import { MAX_CHUNK_ROWS } from '../schema/import.js';
import { canGzip, type PreparedChunk } from './chunk-body.js';
import { ChunkCutter, ChunkPreparer, ChunkUploader } from './chunk-uploader.js';
import { commitImport, waitForCommit } from './commit-import.js';
import { ImportError, ImportValidationError } from './import-errors.js';
import { openImportSession, type ImportSession } from './import-session.js';
import type { ImportStateStore } from './import-state-store.js';
import { resolveImportSource } from './resolve-import-source.js';
import { sendChunk, type ChunkCompression } from './send-chunk.js';

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
  /** Chunks in flight at once (default 4: the server parses one while the next is sent). */
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

function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return (hash >>> 0).toString(36);
}

/** Where the valid rows come from for the upload, once validation is done. */
type RowSupply =
  /** Kept by the validation pass (gzip-compressed where possible). */
  | { kind: 'prepared'; chunks: PreparedChunk[] }
  /** Kept by the worker that validated. */
  | { kind: 'worker'; scan: WorkerCsvScan }
  /** Read and checked again from the source (no compression to keep them small). */
  | { kind: 'reread' };

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
  const source = await resolveImportSource(input);
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

  // Stage 1-3: validate everything, once. The valid rows are kept as compressed chunks (or by
  // the worker that validated); only a reopenable source without compression is read again.
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
  try {
    let first: { report: CsvValidationReport; validRowsHash: number };
    let supply: RowSupply;
    if (workerScan) {
      first = workerScan;
      supply = { kind: 'worker', scan: workerScan };
    } else if (!isReopenable(source) || (compression.enabled && canGzip())) {
      const preparer = new ChunkPreparer(chunkSize);
      first = await scanContactsCsv(
        source,
        { ...scanOptions, onProgress: onScanProgress },
        { onValidRows: preparer.cutter.add },
      );
      supply = { kind: 'prepared', chunks: await preparer.finish() };
    } else {
      first = await scanContactsCsv(
        source,
        { ...scanOptions, onProgress: onScanProgress },
        { onValidRows: () => undefined },
      );
      supply = { kind: 'reread' };
    }
    return await upload(first, supply);
  } finally {
    workerScan?.close();
  }

  async function upload(
    first: { report: CsvValidationReport; validRowsHash: number },
    supply: RowSupply,
  ): Promise<ImportResult> {
    const report = first.report;
    options.onValidated?.(report);
    if (report.counts.errors > 0 && !options.onlyValid) throw new ImportValidationError(report);
    if (report.counts.valid === 0) throw new ImportValidationError(report, 'no_valid_rows');

    const totalRows = report.counts.valid;
    const chunksTotal = Math.ceil(totalRows / chunkSize);
    progress.rowsTotal = totalRows;
    progress.chunksTotal = chunksTotal;
    // Stage 4: the server import, new or left open by an earlier run of the same file.
    const session = await openImportSession(client, {
      source,
      fingerprint: hashText(
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
      ),
      listId,
      totalRows,
      chunkSize,
      filename: options.filename ?? described.name,
      resume,
      stateStore: options.stateStore,
      signal,
    });
    const { importId } = session;
    progress.importId = importId;
    const alreadyStaged = session.staged.size;
    if (session.committedJobId) return finish(session, session.committedJobId);
    progress.phase = 'uploading';
    progress.chunksUploaded = alreadyStaged;
    progress.rowsUploaded = Math.min(totalRows, alreadyStaged * chunkSize);
    emit();

    try {
      // Stage 5: the chunks the server has not staged, a few in flight.
      const uploader = new ChunkUploader(
        async (chunk) => {
          await sendChunk(client, importId, chunk, { signal, maxAttempts, compression });
          await session.acknowledge(chunk.index);
          progress.chunksUploaded++;
          progress.rowsUploaded += chunk.rowCount;
          emit();
        },
        concurrency,
        (index) => session.staged.has(index),
      );
      const cutter = new ChunkCutter(chunkSize, (index, rows, lines) =>
        uploader.submit({ index, rowCount: rows.length, lines, rows, gzip: null }),
      );
      if (supply.kind === 'prepared') {
        for (const chunk of supply.chunks) await uploader.submit(chunk);
      } else if (supply.kind === 'worker') {
        await supply.scan.readValidRows(cutter.add);
      } else {
        const second = await scanContactsCsv(source, scanOptions, { onValidRows: cutter.add });
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
      await cutter.flush();
      await uploader.finish();

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

      // Stage 6: the commit.
      progress.phase = 'committing';
      emit();
      const jobId = await commitImport(client, importId, { signal, maxAttempts });
      await session.rememberJob(jobId);
      return await finish(session, jobId);
    } catch (error) {
      if (signal?.aborted && !resume) {
        await client.imports.abort(importId).catch(() => undefined);
        await session.clear();
      }
      throw error;
    }

    async function finish(current: ImportSession, jobId: string): Promise<ImportResult> {
      progress.phase = 'committing';
      emit();
      const job = await waitForCommit(client, jobId, {
        signal,
        onProgress: (state: Job) => {
          progress.job = state;
          emit();
        },
      });
      const finished = await client.imports.get(current.importId, { signal });
      await current.clear();
      progress.phase = 'done';
      progress.job = job;
      progress.chunksUploaded = chunksTotal;
      progress.rowsUploaded = totalRows;
      emit();
      return {
        importId: current.importId,
        jobId,
        counts: finished.counts,
        report,
        skippedInvalidRows: report.counts.invalid,
        resumed: current.resumed,
        chunks: {
          total: chunksTotal,
          uploaded: chunksTotal - alreadyStaged,
          alreadyStaged,
        },
      };
    }
  }
}
