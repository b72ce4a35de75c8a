// Maps an HTTP error answer to the typed error class a caller can catch.
import { Contact, Problem } from '../schema/index.js';
import {
  AuthenticationError,
  ConflictError,
  ContactsApiError,
  type ContactsApiErrorInit,
  NotFoundError,
  OptOutLockedError,
  PermissionError,
  PreconditionFailedError,
  RateLimitError,
  ValidationError,
} from './contacts-api-error.js';

/** Codes for answers without a problem body (a proxy's page, an empty body). */
const FALLBACK_CODES: Record<number, string> = {
  401: 'unauthorized',
  403: 'permission_denied',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

/** Seconds from `Retry-After` (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(headers: Headers): number | null {
  const value = headers.get('Retry-After');
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Builds the typed error for a non-2xx response whose body text has been read. */
export function errorFromResponse(status: number, headers: Headers, bodyText: string): ContactsApiError {
  let problem: Problem | null = null;
  try {
    const parsed = Problem.safeParse(JSON.parse(bodyText));
    if (parsed.success) problem = parsed.data;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status alone decides.
  }
  const code = problem?.code ?? FALLBACK_CODES[status] ?? (status >= 500 ? 'server_error' : 'http_error');
  const message = problem?.detail || problem?.title || `The contacts API answered ${status}.`;
  const init: ContactsApiErrorInit = { status, code, message, problem, headers };

  if (status === 400 || status === 422) return new ValidationError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return code === 'opt_out_locked' ? new OptOutLockedError(init) : new ConflictError(init);
  if (status === 412) {
    const current = Contact.safeParse(problem?.['current']);
    return new PreconditionFailedError({ ...init, current: current.success ? current.data : null });
  }
  if (status === 429) return new RateLimitError({ ...init, retryAfter: parseRetryAfter(headers) });
  return new ContactsApiError(init);
}
