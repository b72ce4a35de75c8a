import { CsvError, type CsvErrorCode } from './csv-error.js';
import type { CsvSource } from './csv-source.js';
import type { WorkerRequest, WorkerResponse } from './csv-worker-protocol.js';
import {
  validateContactsCsv,
  type CsvValidationReport,
  type ValidateContactsCsvOptions,
} from './validate-contacts-csv.js';

export interface WorkerValidationOptions extends ValidateContactsCsvOptions {
  /** Supply the worker yourself (a bundler that needs its own `?worker` import, a CSP with a worker-src). */
  createWorker?: () => Worker;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
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
  const { createWorker, onProgress, signal, ...rest } = options;
  const transferable =
    typeof source === 'string' ||
    (typeof Blob !== 'undefined' && source instanceof Blob) ||
    (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream);
  if (typeof Worker === 'undefined' || !transferable) return validateContactsCsv(source, options);
  if (signal?.aborted) throw abortError(signal);

  const worker = createWorker
    ? createWorker()
    : new Worker(new URL('./csv-worker.js', import.meta.url), {
        type: 'module',
        name: 'contacts-csv',
      });
  return new Promise<CsvValidationReport>((resolve, reject) => {
    const finish = (): void => {
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    const onAbort = (): void => {
      worker.postMessage({ type: 'abort' } satisfies WorkerRequest);
      finish();
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') {
        finish();
        resolve(message.report);
      } else {
        finish();
        const { name, code, message: text } = message.error;
        reject(
          name === 'CsvError'
            ? new CsvError(code as CsvErrorCode, text)
            : Object.assign(new Error(text), { name, code }),
        );
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(
        new CsvError(
          'read_failed',
          `The CSV worker failed: ${event.message || 'it could not be loaded'}.`,
        ),
      );
    };
    const request: WorkerRequest = {
      type: 'validate',
      source: source as string | Blob | ReadableStream<Uint8Array>,
      options: rest,
    };
    const transfer =
      typeof ReadableStream !== 'undefined' && source instanceof ReadableStream
        ? [source as unknown as Transferable]
        : [];
    worker.postMessage(request, transfer);
  });
}
