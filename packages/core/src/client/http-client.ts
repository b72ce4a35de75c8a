// The one HTTP core under every resource module: auth, retries with backoff and jitter,
// idempotency keys, error mapping and response validation. Built on ky.
import ky, { HTTPError, type Options as KyOptions } from 'ky';
import * as z from 'zod/mini';
import {
  AuthenticationError,
  ContactsApiError,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
} from '../errors/contacts-api-error.js';
import { errorFromResponse } from '../errors/error-from-response.js';
import type { FieldError } from '../schema/index.js';
import type { ContactsClientOptions, RequestOptions } from './types.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the API base (`contacts/ct_1`), no leading slash. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  /** JSON-encoded, or sent as is when already bytes (a gzip-encoded chunk, with its headers). */
  body?: unknown;
  /** Headers the endpoint itself requires (e.g. `Confirm`). */
  headers?: Record<string, string>;
  options?: RequestOptions | undefined;
}

export interface HttpClient {
  /** The API base, ending in `/v1`. */
  readonly apiBaseUrl: string;
  /** Sends the request and validates the JSON answer with `schema`. */
  json<T>(request: HttpRequest, schema: z.core.$ZodType<T>): Promise<T>;
  /** Sends the request and discards the (empty) answer. */
  empty(request: HttpRequest): Promise<void>;
  /** Sends the request and hands back the answer's body stream, unread. */
  stream(request: HttpRequest): Promise<ReadableStream<Uint8Array>>;
}

const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
const SDK_VERSION = '0.1.0';

/** `http://host:8787`, `http://host:8787/`, `http://host:8787/v1` all become `http://host:8787/v1`. */
export function normalizeApiBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  if (trimmed === '') throw new TypeError('createContactsClient needs a baseUrl.');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** A version number becomes the strong ETag the server sends (`"3"`). */
export function formatIfMatch(value: number | string): string {
  if (typeof value === 'number') return `"${value}"`;
  return /^\d+$/.test(value) ? `"${value}"` : value;
}

/**
 * Whether retrying cannot apply a write twice: reads, PUT and DELETE are idempotent; a POST
 * always carries an idempotency key; a PATCH only with If-Match (a replay then fails with 412).
 */
function isSafeToRetry(method: HttpMethod, options: RequestOptions): boolean {
  if (method === 'patch') return options.ifMatch !== undefined;
  return true;
}

function createTokenSource(config: ContactsClientOptions) {
  const { token, getToken } = config;
  if (token === undefined && getToken === undefined) {
    throw new TypeError('createContactsClient needs a token or getToken.');
  }
  let pending: Promise<string> | null = null;
  // Concurrent requests share one in-flight getToken call.
  const fetchToken = (): Promise<string> => {
    if (!getToken) return Promise.resolve(token ?? '');
    pending ??= Promise.resolve()
      .then(getToken)
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  return {
    get: fetchToken,
    /** After a 401: asks once more; the new token, or null when it did not change. */
    async renew(rejectedToken: string): Promise<string | null> {
      if (!getToken) return null;
      const next = await fetchToken();
      return next === rejectedToken ? null : next;
    },
  };
}

/** A UUID v4; `randomUUID` is missing on pages served over plain http, `getRandomValues` is not. */
function newIdempotencyKey(): string {
  const { crypto } = globalThis;
  if (crypto.randomUUID) return crypto.randomUUID();
  const random = crypto.getRandomValues(new Uint8Array(31));
  let index = 0;
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    (Number(digit) ^ (random[index++]! & (15 >> (Number(digit) / 4)))).toString(16),
  );
}

export function isNodeRuntime(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

async function toContactsError(error: unknown, signal: AbortSignal | undefined, timeoutMs: number): Promise<unknown> {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ContactsApiError) return error;
  if (error instanceof HTTPError) {
    const text = await error.response.text().catch(() => '');
    return errorFromResponse(error.response.status, error.response.headers, text);
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new TimeoutError({ status: 0, code: 'timeout', message: `The contacts API did not answer within ${timeoutMs} ms.`, cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new NetworkError({
    status: 0,
    code: 'network_error',
    message: 'The contacts API could not be reached (network error or dropped connection).',
    cause: error,
  });
}

/** A response that breaks the contract: a typed error, never an untyped value. */
function invalidResponse(
  request: HttpRequest,
  response: Response,
  what: string,
  cause?: unknown,
  errors?: FieldError[],
): ResponseValidationError {
  return new ResponseValidationError({
    status: response.status,
    code: 'invalid_response',
    message: `The contacts API answered ${request.method.toUpperCase()} /${request.path} with ${what}.`,
    headers: response.headers,
    cause,
    ...(errors ? { errors } : {}),
  });
}

function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message }));
}

export function createHttpClient(config: ContactsClientOptions): HttpClient {
  const apiBaseUrl = normalizeApiBaseUrl(config.baseUrl);
  const maxRetries = Math.max(0, config.maxRetries ?? DEFAULT_MAX_RETRIES);
  const defaultTimeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tokens = createTokenSource(config);
  // Browsers refuse (or preflight) a custom User-Agent, so it is sent only where it is allowed.
  const userAgent = config.userAgent ?? (isNodeRuntime() ? `contacts-manager-core/${SDK_VERSION}` : undefined);

  async function send(request: HttpRequest, accept: string): Promise<Response> {
    const options = request.options ?? {};
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const headers = new Headers({ Accept: accept });
    if (userAgent) headers.set('User-Agent', userAgent);
    // Generated once per call, so every retry of this call replays the same key.
    if (request.method === 'post') headers.set('Idempotency-Key', options.idempotencyKey ?? newIdempotencyKey());
    else if (options.idempotencyKey) headers.set('Idempotency-Key', options.idempotencyKey);
    if (options.ifMatch !== undefined) headers.set('If-Match', formatIfMatch(options.ifMatch));
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);

    const retryable = isSafeToRetry(request.method, options);
    let renewedToken: string | null = null;
    const kyOptions: KyOptions = {
      method: request.method,
      headers,
      timeout: timeoutMs,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(request.query ? { searchParams: request.query } : {}),
      ...(request.body instanceof Uint8Array
        ? { body: request.body as Uint8Array<ArrayBuffer> }
        : request.body !== undefined
          ? { json: request.body }
          : {}),
      retry: {
        // One extra attempt is reserved for the replay after a token renewal.
        limit: maxRetries + 1,
        // ky's defaults otherwise: 408/429/5xx retried, Retry-After honoured, 300 ms doubling.
        methods: ['get', 'post', 'put', 'patch', 'delete'],
        maxRetryAfter: 60_000,
        backoffLimit: 8_000,
        jitter: true,
        retryOnTimeout: true,
        shouldRetry: async ({ error, retryCount }) => {
          if (!retryable || options.signal?.aborted || error instanceof ContactsApiError) return false;
          if (retryCount - (renewedToken === null ? 0 : 1) > maxRetries) return false;
          // A retry that overtook its first attempt (after a timeout) waits for that attempt's answer.
          if (error instanceof HTTPError && error.response.status === 409) {
            const problem = (await error.response.clone().json().catch(() => null)) as { code?: string } | null;
            return problem?.code === 'idempotency_in_progress';
          }
          return undefined;
        },
      },
      hooks: {
        beforeRequest: [
          async (outgoing) => {
            // The replay after a renewal uses the token just obtained rather than asking again.
            let token = renewedToken;
            try {
              token ??= await tokens.get();
            } catch (error) {
              throw new AuthenticationError({
                status: 0,
                code: 'token_unavailable',
                message: 'getToken failed, so the request was not sent.',
                cause: error,
              });
            }
            outgoing.headers.set('Authorization', `Bearer ${token}`);
          },
        ],
        afterResponse: [
          async (sent, _options, response) => {
            if (response.status !== 401 || renewedToken !== null) return;
            const rejected = (sent.headers.get('Authorization') ?? '').replace(/^Bearer /, '');
            renewedToken = await tokens.renew(rejected);
            if (renewedToken !== null) return ky.retry({ delay: 0, code: 'TOKEN_RENEWED' });
          },
        ],
      },
    };
    try {
      return await ky(`${apiBaseUrl}/${request.path}`, kyOptions);
    } catch (error) {
      throw await toContactsError(error, options.signal, timeoutMs);
    }
  }

  return {
    apiBaseUrl,
    async json<T>(request: HttpRequest, schema: z.core.$ZodType<T>): Promise<T> {
      const response = await send(request, 'application/json');
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw await toContactsError(error, request.options?.signal, 0);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw invalidResponse(request, response, 'a body that is not JSON', error);
      }
      const parsed = z.safeParse(schema, data);
      if (!parsed.success) {
        const [first] = parsed.error.issues;
        const what = `an unexpected body (${first?.path.join('.') || 'root'}: ${first?.message})`;
        throw invalidResponse(request, response, what, parsed.error, issuesToFieldErrors(parsed.error.issues));
      }
      return parsed.data;
    },
    async empty(request: HttpRequest): Promise<void> {
      const response = await send(request, 'application/json');
      await response.body?.cancel();
    },
    async stream(request: HttpRequest): Promise<ReadableStream<Uint8Array>> {
      const response = await send(request, 'text/csv');
      if (!response.body) throw invalidResponse(request, response, 'no body');
      return response.body;
    },
  };
}
