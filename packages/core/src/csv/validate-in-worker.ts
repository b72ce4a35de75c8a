import { CsvError, type CsvErrorCode } from './csv-error.js';
import type { CsvSource } from './csv-source.js';
import { inspectCsv, type CsvPreview } from './inspect-csv.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import type { WorkerRequest, WorkerResponse } from './csv-worker-protocol.js';
import {
  validateContactsCsv,
  type CsvValidationReport,
  type ValidContactRow,
  type ValidateContactsCsvOptions,
} from './validate-contacts-csv.js';

export interface WorkerValidationOptions extends ValidateContactsCsvOptions {
  /** Supply the worker yourself (a bundler that needs its own `?worker` import, a CSP with a worker-src). */
  createWorker?: () => Worker;
}

/** A file validated in a worker that kept its valid rows, to hand them out in batches. */
export interface WorkerCsvScan {
  report: CsvValidationReport;
  /** A hash of the valid rows, in order (the same as `scanContactsCsv` gives). */
  validRowsHash: number;
  /**
   * Passes the valid rows, in file order, in batches, each awaited before the next is asked for
   * (backpressure), with the line each starts on. Once only; the worker is ended afterwards.
   */
  readValidRows(onRows: (rows: ValidContactRow[], lines: number[]) => Promise<void>): Promise<void>;
  /** Ends the worker (idempotent); the rows it kept are dropped. */
  close(): void;
}

type WorkerSource = string | Blob | ReadableStream<Uint8Array>;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** True where a worker can take this source: a Worker exists and the source is text, a Blob or a stream. */
export function canUseCsvWorker(source: CsvSource): source is WorkerSource {
  return (
    typeof Worker !== 'undefined' &&
    (typeof source === 'string' ||
      (typeof Blob !== 'undefined' && source instanceof Blob) ||
      (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream))
  );
}

/** One conversation with the CSV worker: send a request, await the answers one at a time. */
function startWorker(createWorker: (() => Worker) | undefined, signal: AbortSignal | undefined) {
  const worker = createWorker
    ? createWorker()
    : new Worker(new URL('./csv-worker.js', import.meta.url), {
        type: 'module',
        name: 'contacts-csv',
      });
  let closed = false;
  let pending: { resolve(message: WorkerResponse): void; reject(error: unknown): void } | null =
    null;
  let onProgress: ((message: Extract<WorkerResponse, { type: 'progress' }>) => void) | null = null;
  const close = (): void => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  };
  const fail = (error: unknown): void => {
    close();
    pending?.reject(error);
    pending = null;
  };
  const onAbort = (): void => {
    worker.postMessage({ type: 'abort' } satisfies WorkerRequest);
    fail(abortError(signal!));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const message = event.data;
    if (message.type === 'progress') return onProgress?.(message);
    if (message.type === 'error') {
      const { name, code, message: text } = message.error;
      return fail(
        name === 'CsvError'
          ? new CsvError(code as CsvErrorCode, text)
          : Object.assign(new Error(text), { name, code }),
      );
    }
    const waiting = pending;
    pending = null;
    waiting?.resolve(message);
  };
  worker.onerror = (event) => {
    fail(
      new CsvError(
        'worker_failed',
        `The CSV worker failed: ${event.message || 'it could not be loaded'}.`,
      ),
    );
  };
  return {
    close,
    set onProgress(handler: typeof onProgress) {
      onProgress = handler;
    },
    /** Posts a request and resolves with the next answer that is not progress. */
    request(message: WorkerRequest, transfer: Transferable[] = []): Promise<WorkerResponse> {
      if (closed)
        return Promise.reject(
          signal?.aborted
            ? abortError(signal)
            : new CsvError('read_failed', 'The CSV worker ended.'),
        );
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(message, transfer);
      });
    },
  };
}

function sendSource(
  type: 'validate' | 'scan',
  source: WorkerSource,
  options: WorkerValidationOptions,
): [WorkerRequest, Transferable[]] {
  const {
    createWorker: _createWorker,
    onProgress: _onProgress,
    signal: _signal,
    ...rest
  } = options;
  const transfer =
    typeof ReadableStream !== 'undefined' && source instanceof ReadableStream
      ? [source as unknown as Transferable]
      : [];
  return [{ type, source, options: rest }, transfer];
}

/**
 * validateContactsCsv in a module worker shipped with the package, so the page stays responsive
 * while a large file is read; progress arrives through `onProgress`. Where there is no Worker
 * (Node, tests) or the source cannot be sent to one, it validates in the calling thread.
 */
export async function validateContactsCsvInWorker(
  source: CsvSource,
  options: WorkerValidationOptions,
): Promise<CsvValidationReport> {
  if (!canUseCsvWorker(source)) return validateContactsCsv(source, options);
  if (options.signal?.aborted) throw abortError(options.signal);
  const worker = startWorker(options.createWorker, options.signal);
  worker.onProgress = (message) => options.onProgress?.(message.progress);
  try {
    const answer = await worker.request(...sendSource('validate', source, options));
    if (answer.type !== 'done')
      throw new CsvError('read_failed', 'The CSV worker answered out of turn.');
    return answer.report;
  } finally {
    worker.close();
  }
}

/**
 * Reads and validates the file once, in a module worker that keeps the valid rows; they are then
 * pulled in batches (`readValidRows`), so an import uploads them without reading the file again
 * and without any parsing on the main thread. The source must pass `canUseCsvWorker`.
 */
export async function scanContactsCsvInWorker(
  source: WorkerSource,
  options: WorkerValidationOptions,
): Promise<WorkerCsvScan> {
  if (options.signal?.aborted) throw abortError(options.signal);
  const worker = startWorker(options.createWorker, options.signal);
  worker.onProgress = (message) => options.onProgress?.(message.progress);
  let answer: WorkerResponse;
  try {
    answer = await worker.request(...sendSource('scan', source, options));
    if (answer.type !== 'done')
      throw new CsvError('read_failed', 'The CSV worker answered out of turn.');
  } catch (error) {
    worker.close();
    throw error;
  }
  return {
    report: answer.report,
    validRowsHash: answer.validRowsHash,
    close: worker.close,
    async readValidRows(onRows) {
      try {
        for (;;) {
          const batch = await worker.request({ type: 'rows' });
          if (batch.type !== 'rows')
            throw new CsvError('read_failed', 'The CSV worker answered out of turn.');
          if (batch.rows.length > 0) await onRows(batch.rows, batch.lines);
          if (batch.done) return;
        }
      } finally {
        worker.close();
      }
    },
  };
}

/**
 * inspectCsv in the module worker: the top of the file is parsed (and, for a workbook, the
 * spreadsheet library loaded and run) off the main thread, so a hostile file (a million
 * columns, a 10 MB cell) never blocks the page. Falls back to this thread where there is no Worker.
 */
export async function inspectCsvInWorker(
  source: CsvSource,
  options: {
    rows?: number;
    delimiter?: CsvDelimiter;
    signal?: AbortSignal;
    createWorker?: () => Worker;
  } = {},
): Promise<CsvPreview> {
  const { signal, createWorker, ...rest } = options;
  if (!canUseCsvWorker(source)) return inspectCsv(source, options);
  if (signal?.aborted) throw abortError(signal);
  let worker: ReturnType<typeof startWorker>;
  try {
    worker = startWorker(createWorker, signal);
  } catch {
    return inspectCsv(source, options);
  }
  try {
    const transfer =
      typeof ReadableStream !== 'undefined' && source instanceof ReadableStream
        ? [source as unknown as Transferable]
        : [];
    const answer = await worker.request({ type: 'inspect', source, options: rest }, transfer);
    if (answer.type !== 'preview')
      throw new CsvError('read_failed', 'The CSV worker answered out of turn.');
    return answer.preview;
  } catch (error) {
    if (error instanceof CsvError && error.code === 'worker_failed' && !signal?.aborted)
      return inspectCsv(source, options);
    throw error;
  } finally {
    worker.close();
  }
}
