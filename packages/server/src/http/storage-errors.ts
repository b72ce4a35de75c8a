import { ApiError } from './api-error.js';

/** SQLite result codes (and their extended forms) that mean the storage, not the request, failed. */
const SQLITE_UNAVAILABLE = /^SQLITE_(?:FULL|BUSY|LOCKED|READONLY|IOERR|CANTOPEN|PROTOCOL|NOLFS)(?:_|$)/;
/** PostgreSQL SQLSTATEs of the same kind: disk full, out of resources, read-only, shutting down. */
const POSTGRES_UNAVAILABLE = new Set(['53100', '53200', '53300', '25006', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const NETWORK_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EROFS', 'EACCES']);

/** Seconds a client should wait before retrying a request the storage could not take. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/** Whether `error` is the storage failing (disk full, a lock held elsewhere, read-only, unreachable). */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.has(code) || NETWORK_UNAVAILABLE.has(code);
}

/** 503 `storage_unavailable` with Retry-After: the request can be retried as is once the storage recovers. */
export function storageUnavailable(): ApiError {
  return new ApiError(503, 'storage_unavailable', 'The database cannot take this request right now (disk full, locked or read-only); retry shortly.', {
    headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) },
  });
}
