// The module worker that runs the CSV validation off the main thread. Loaded by
// validateContactsCsvInWorker with `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })`.
import type { WorkerRequest, WorkerResponse } from './csv-worker-protocol.js';
import { validateContactsCsv } from './validate-contacts-csv.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
let controller: AbortController | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'abort') {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  validateContactsCsv(request.source, {
    ...request.options,
    signal: controller.signal,
    onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
  }).then(
    (report) => scope.postMessage({ type: 'done', report }),
    (error: unknown) => {
      const failure = error as { name?: string; code?: string; message?: string };
      scope.postMessage({
        type: 'error',
        error: {
          name: failure.name ?? 'Error',
          code: failure.code ?? 'read_failed',
          message: failure.message ?? String(error),
        },
      });
    },
  );
};
