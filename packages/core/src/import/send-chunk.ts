// The upload stage: one chunk of valid rows to the server, gzip-encoded where the platform can,
// retried with backoff through network errors, 429 and 5xx; a 422 mapped back to the file's lines.
import type { ContactsClient } from '../client/types.js';
import {
  ContactsApiError,
  NetworkError,
  RateLimitError,
  ValidationError,
} from '../errors/contacts-api-error.js';
import type { CsvProblem, ValidContactRow } from '../csv/csv-validation-types.js';
import { gzipChunk, rowsOf, type PreparedChunk } from './chunk-body.js';
import { ImportChunkRejectedError } from './import-errors.js';

/** Shared by the chunks of one import: whether to gzip, and whether a gzip chunk got through. */
export interface ChunkCompression {
  enabled: boolean;
  /** A gzip-encoded chunk was accepted: later network errors are the network's, not the encoding's. */
  proven: boolean;
}

export interface SendChunkOptions {
  signal: AbortSignal | undefined;
  /** Attempts beyond the client's own retries, for long outages. */
  maxAttempts: number;
  compression: ChunkCompression;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const GZIP_JSON_HEADERS = { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' };

export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof RateLimitError) return true;
  return (
    error instanceof ContactsApiError &&
    (error.status >= 500 ||
      error.status === 0 ||
      error.status === 408 ||
      error.code === 'idempotency_in_progress')
  );
}

/** Maps a server 422 on a chunk (`rows.3.phone`) back to the file's lines. */
function chunkProblems(
  error: ValidationError,
  rows: ValidContactRow[],
  lines: ArrayLike<number>,
): CsvProblem[] {
  return error.errors.map((fieldError) => {
    const match = /^rows\.(\d+)\.?(\w*)/.exec(fieldError.path);
    const index = match ? Number(match[1]) : -1;
    const field = (match?.[2] ?? '') as keyof ValidContactRow | '';
    const row = rows[index];
    return {
      line: lines[index] ?? 0,
      column: field || null,
      columnNumber: null,
      value: row && field ? String(row[field] ?? '') : '',
      code:
        field === 'phone' ? 'invalid_phone' : field === 'email' ? 'invalid_email' : 'missing_name',
      message: fieldError.message,
      severity: 'error',
    } satisfies CsvProblem;
  });
}

/**
 * Sends one chunk until the server staged it (re-sending an index replaces it, so retries are
 * safe). Throws ImportChunkRejectedError when the server refuses rows, the last error when the
 * attempts run out, the abort reason when cancelled.
 */
export async function sendChunk(
  client: ContactsClient,
  importId: string,
  chunk: PreparedChunk,
  { signal, maxAttempts, compression }: SendChunkOptions,
): Promise<void> {
  const { index, lines } = chunk;
  let gzipped = compression.enabled ? (chunk.gzip ?? (await gzipChunk(chunk.rows!))) : null;
  let body: { rows: ValidContactRow[] } | null = gzipped ? null : { rows: await rowsOf(chunk) };
  for (let attempt = 1; ; attempt++) {
    try {
      await client.imports.putChunk(
        importId,
        index,
        gzipped ?? body!,
        gzipped ? { signal, headers: GZIP_JSON_HEADERS } : { signal },
      );
      if (gzipped) compression.proven = true;
      return;
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (
        gzipped &&
        ((error instanceof ContactsApiError && error.status === 415) ||
          (error instanceof NetworkError && !compression.proven))
      ) {
        // A server without gzip support (415), or one whose CORS policy does not allow
        // Content-Encoding (a network error before any gzip chunk went through): plain JSON.
        compression.enabled = false;
        gzipped = null;
        body = { rows: await rowsOf(chunk) };
        attempt--;
        continue;
      }
      if (error instanceof ValidationError) {
        const problems = chunkProblems(error, body?.rows ?? (await rowsOf(chunk)), lines);
        throw new ImportChunkRejectedError(
          `The server refused ${problems.length || 'some'} row${problems.length === 1 ? '' : 's'} (first: line ${problems[0]?.line ?? '?'}: ${problems[0]?.message ?? error.message}). Nothing was imported.`,
          problems,
          error,
        );
      }
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      const retryAfterMs =
        error instanceof RateLimitError && error.retryAfter ? error.retryAfter * 1000 : 0;
      await sleep(
        Math.max(retryAfterMs, Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)),
        signal,
      );
    }
  }
}
