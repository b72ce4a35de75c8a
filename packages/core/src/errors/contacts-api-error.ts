// Typed errors of the SDK. Each carries the server's problem document (RFC 9457), a stable
// `code` and a readable message. `instanceof` is branded with Symbol.for so an error thrown
// by the CJS build is still `instanceof` the class imported from the ESM build (and vice
// versa), as happens when two copies of the package end up in one app.
import type { Contact, FieldError, Job, Problem } from '../schema/index.js';

const KINDS = Symbol.for('@contacts-manager/core/error-kinds');

type Branded = { [KINDS]?: readonly string[] };

function brandedInstanceOf(target: { errorKind: string }, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Branded)[KINDS];
  return Array.isArray(kinds) && kinds.includes(target.errorKind);
}

export interface ContactsApiErrorInit {
  status: number;
  code: string;
  message: string;
  problem?: Problem | null;
  errors?: readonly FieldError[];
  headers?: Headers | null;
  cause?: unknown;
}

/** Any failure of an SDK call: an HTTP error answer, a network failure, or an unexpected response. */
export class ContactsApiError extends Error {
  /** The class's brand; each subclass overrides it. */
  static readonly errorKind: string = 'ContactsApiError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandedInstanceOf(this, value);
  }

  /** The HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** A stable machine word (`validation_failed`, `duplicate_phone`, `network_error`, ...). */
  readonly code: string;
  /** The problem document as the server sent it, when there was one. */
  readonly problem: Problem | null;
  /** Field-level problems (`path` like `fullName` or `rows.3.phone`). */
  readonly errors: readonly FieldError[];
  /** Response headers, when there was a response. */
  readonly headers: Headers | null;

  constructor(init: ContactsApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.problem = init.problem ?? null;
    this.errors = init.errors ?? init.problem?.errors ?? [];
    this.headers = init.headers ?? null;
    // Record every class of the chain by its brand, so instanceof works across builds.
    const kinds: string[] = [];
    for (let ctor = new.target as unknown; ctor && ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
      const kind = (ctor as { errorKind?: string }).errorKind;
      if (typeof kind === 'string' && !kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
    this.name = kinds[0] ?? 'ContactsApiError';
  }
}

/** 400 or 422: the request or one of its fields is invalid (`errors` says which). */
export class ValidationError extends ContactsApiError {
  static override readonly errorKind: string = 'ValidationError';
}

/** 401: the token is missing, invalid or expired. */
export class AuthenticationError extends ContactsApiError {
  static override readonly errorKind: string = 'AuthenticationError';
}

/** 403: the token's user lacks the permission (`permission_denied`). */
export class PermissionError extends ContactsApiError {
  static override readonly errorKind: string = 'PermissionError';
}

/** 404: no such resource in this account. */
export class NotFoundError extends ContactsApiError {
  static override readonly errorKind: string = 'NotFoundError';
}

/** 409: `duplicate_phone` (see `contactId`), `list_name_taken`, `idempotency_in_progress`, ... */
export class ConflictError extends ContactsApiError {
  static override readonly errorKind: string = 'ConflictError';
  /** For `duplicate_phone`: the contact that already holds the number. */
  get contactId(): string | null {
    const id = this.problem?.['contactId'];
    return typeof id === 'string' ? id : null;
  }
}

/** 409 `opt_out_locked`: an opted-out number cannot be re-subscribed or messaged through the API. */
export class OptOutLockedError extends ConflictError {
  static override readonly errorKind: string = 'OptOutLockedError';
}

/** 412: the contact changed since the version sent in `If-Match`; `current` is the server's version. */
export class PreconditionFailedError extends ContactsApiError {
  static override readonly errorKind: string = 'PreconditionFailedError';
  readonly current: Contact | null;
  constructor(init: ContactsApiErrorInit & { current: Contact | null }) {
    super(init);
    this.current = init.current;
  }
}

/** 429: too many requests; `retryAfter` is the server's hint in seconds. */
export class RateLimitError extends ContactsApiError {
  static override readonly errorKind: string = 'RateLimitError';
  readonly retryAfter: number | null;
  constructor(init: ContactsApiErrorInit & { retryAfter: number | null }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** No response: the connection failed or dropped (`network_error`). */
export class NetworkError extends ContactsApiError {
  static override readonly errorKind: string = 'NetworkError';
}

/** No response in time (`timeout`): a request, or a job wait, exceeded its `timeoutMs`. */
export class TimeoutError extends NetworkError {
  static override readonly errorKind: string = 'TimeoutError';
}

/** A response that does not match the contract (`invalid_response`): never handed out untyped. */
export class ResponseValidationError extends ContactsApiError {
  static override readonly errorKind: string = 'ResponseValidationError';
}

/** A job the SDK waited for ended in `failed`; `job` is its final state. */
export class JobFailedError extends ContactsApiError {
  static override readonly errorKind: string = 'JobFailedError';
  readonly job: Job;
  constructor(job: Job) {
    super({
      status: 0,
      code: job.error?.code ?? 'job_failed',
      message: job.error?.message ?? `The ${job.kind.replace('_', ' ')} job failed.`,
    });
    this.job = job;
  }
}
