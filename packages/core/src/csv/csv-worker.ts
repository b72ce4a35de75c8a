// The module worker that runs the CSV validation off the main thread. Loaded by
// validateContactsCsvInWorker / scanContactsCsvInWorker with
// `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })`.
import type { WorkerRequest, WorkerResponse } from './csv-worker-protocol.js';
import { inspectCsv } from './inspect-csv.js';
import { scanContactsCsv, type ValidContactRow } from './validate-contacts-csv.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}

/** Valid rows sent per `rows` message: large enough to amortise the copy, small enough to stay a short task. */
const ROWS_PER_MESSAGE = 5000;

const scope = globalThis as unknown as WorkerScope;
let controller: AbortController | null = null;
// The valid rows of a `scan`, in file order, kept here until the main thread pulls them.
let kept: { rows: ValidContactRow[]; lines: number[] } | null = null;
let sent = 0;

function sendRows(): void {
  const rows = kept?.rows ?? [];
  const end = Math.min(rows.length, sent + ROWS_PER_MESSAGE);
  scope.postMessage({
    type: 'rows',
    rows: rows.slice(sent, end),
    lines: kept?.lines.slice(sent, end) ?? [],
    done: end >= rows.length,
  });
  sent = end;
  if (end >= rows.length) kept = null;
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'abort') {
    controller?.abort();
    kept = null;
    return;
  }
  if (request.type === 'rows') {
    sendRows();
    return;
  }
  controller = new AbortController();
  if (request.type === 'inspect') {
    inspectCsv(request.source, { ...request.options, signal: controller.signal }).then(
      (preview) => scope.postMessage({ type: 'preview', preview }),
      (error: unknown) => scope.postMessage({ type: 'error', error: describeError(error) }),
    );
    return;
  }
  const keep =
    request.type === 'scan' ? { rows: [] as ValidContactRow[], lines: [] as number[] } : null;
  kept = keep;
  sent = 0;
  scanContactsCsv(
    request.source,
    {
      ...request.options,
      signal: controller.signal,
      onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
    },
    keep
      ? {
          onValidRows: (rows, lines) => {
            for (let index = 0; index < rows.length; index++) {
              keep.rows.push(rows[index]!);
              keep.lines.push(lines[index]!);
            }
          },
        }
      : {},
  ).then(
    ({ report, validRowsHash }) => scope.postMessage({ type: 'done', report, validRowsHash }),
    (error: unknown) => {
      kept = null;
      scope.postMessage({ type: 'error', error: describeError(error) });
    },
  );
};

function describeError(error: unknown): { name: string; code: string; message: string } {
  const failure = error as { name?: string; code?: string; message?: string };
  return {
    name: failure.name ?? 'Error',
    code: failure.code ?? 'read_failed',
    message: failure.message ?? String(error),
  };
}
