import type { ErrorCode, FieldError } from '@contacts-manager/core/schema';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ApiErrorOptions {
  errors?: FieldError[];
  /** Problem extension members (`contactId`, `current`, …). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A failure that becomes an RFC 9457 problem response with a stable `code`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, detail: string, options: ApiErrorOptions = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(instance?: string): Record<string, unknown> {
    return {
      ...this.extensions,
      type: `/problems/${this.code}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} was not found.`);

export const permissionDenied = (action: string): ApiError =>
  new ApiError(403, 'permission_denied', `You do not have permission to ${action}.`);

export function validationFailed(errors: FieldError[], detail = 'The request has invalid fields.'): ApiError {
  return new ApiError(422, 'validation_failed', detail, { errors });
}
