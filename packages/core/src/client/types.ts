// The public shape of the SDK client. Resource modules implement it; the store, the import
// runner, the CLI and the widget program against it.
import type {
  Change,
  ChangesPage,
  ChangesQuery,
  Contact,
  ContactBulkInput,
  ContactCreateInput,
  ContactExportQuery,
  ContactList,
  ContactListQuery,
  ContactPage,
  ContactPatchInput,
  Import,
  ImportChunkInput,
  ImportChunkResult,
  ImportCreateInput,
  InboundMessageInput,
  InboundMessageResult,
  Job,
  ListCreateInput,
  ListPage,
  ListPatchInput,
  ListQuery,
  Me,
  Session,
  SessionCreateInput,
  User,
  UserCreateInput,
  UserPage,
  UserPatchInput,
} from '../schema/index.js';
import type {
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
  WebhookSecretRotation,
} from '../schema/webhook-endpoint.js';
import type {
  WebhookDeliveryQuery,
  WebhookEndpointCreateInput,
  WebhookEndpointPatchInput,
  WebhookEndpointQuery,
  WebhookSecretRotateInput,
} from '../schema/webhook-endpoint-input.js';
import type { CsvSource } from '../csv/csv-source.js';
import type { ImportResult, RunImportOptions } from '../import/run-import.js';

/** A bearer token, or a function that returns one (called per request, and again after a 401). */
export type TokenSource = string | (() => string | Promise<string>);

export interface ContactsClientOptions {
  /** The API origin, with or without `/v1` (e.g. `http://127.0.0.1:8787`). */
  baseUrl: string;
  token?: string;
  getToken?: () => string | Promise<string>;
  /** A fetch implementation (tests, edge runtimes); defaults to the global one. */
  fetch?: typeof fetch;
  /** Retries for retryable failures; default 2. */
  maxRetries?: number;
  /** Per-request timeout; default 30 000 ms. */
  timeoutMs?: number;
  userAgent?: string;
}

/** Wire queries coerce strings; the SDK takes real numbers and booleans. */
type TypedQuery<Q, Numbers extends string, Booleans extends string = never> = Omit<Q, Numbers | Booleans> & {
  [K in Numbers]?: number;
} & { [K in Booleans]?: boolean | 'true' | 'false' };

/** `contacts.list()` parameters: search `q`, filters, `sort`, `limit` (≤ 200), `cursor`. */
export type ContactListParams = TypedQuery<ContactListQuery, 'limit', 'optedOut'>;
/** `lists.list()` parameters. */
export type ListListParams = TypedQuery<ListQuery, 'limit'>;
/** `changes.list()` parameters: the feed position `after` and a page `limit` (≤ 1000). */
export type ChangesParams = TypedQuery<ChangesQuery, 'after' | 'limit'>;

/** `webhookEndpoints.list()` parameters. */
export type WebhookEndpointListParams = TypedQuery<WebhookEndpointQuery, 'limit'>;
/** `webhookEndpoints.deliveries()` parameters: a `status` filter, `limit` and `cursor`. */
export type WebhookDeliveryListParams = TypedQuery<WebhookDeliveryQuery, 'limit'>;

/** Options every call accepts. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** For POSTs; one is generated when absent and reused across retries. */
  idempotencyKey?: string;
  /** A contact version (number) or an ETag string; stale → PreconditionFailedError. */
  ifMatch?: number | string;
  headers?: Record<string, string>;
}

export interface WaitForJobOptions {
  signal?: AbortSignal;
  onProgress?: (job: Job) => void;
  /** First poll delay; grows with backoff up to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (rejects with a TimeoutError-like ContactsApiError); default: never. */
  timeoutMs?: number;
}

/** The export's filters; `ids` as an array (any length) or the API's comma-separated string. */
export type ContactExportParams = Omit<ContactExportQuery, 'ids'> & { ids?: string | readonly string[] };

export interface ContactsResource {
  list(query?: ContactListParams, options?: RequestOptions): Promise<ContactPage>;
  iterate(query?: Omit<ContactListParams, 'cursor'>, options?: RequestOptions): AsyncIterableIterator<Contact>;
  get(id: string, options?: RequestOptions): Promise<Contact>;
  create(input: ContactCreateInput, options?: RequestOptions): Promise<Contact>;
  update(id: string, patch: ContactPatchInput, options?: RequestOptions): Promise<Contact>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  optOut(id: string, options?: RequestOptions): Promise<Contact>;
  sendConsentMessage(id: string, options?: RequestOptions): Promise<Contact>;
  /** Starts the delete-all job (sends `Confirm: delete-all-contacts`). */
  deleteAll(options?: RequestOptions): Promise<Job>;
  /**
   * Starts a bulk action (delete, addToList, removeFromList) over ids or a filter: a
   * `bulk_action` job to follow with `jobs.wait`.
   */
  bulk(input: ContactBulkInput, options?: RequestOptions): Promise<Job>;
  /**
   * The CSV export as a stream of bytes; never buffered whole. `ids` may name any number of
   * contacts: past 200 (the server's limit per request) the SDK asks in several requests and
   * streams them as one file with one header row.
   */
  export(query?: ContactExportParams, options?: RequestOptions): Promise<ReadableStream<Uint8Array>>;
}

export interface ListsResource {
  list(query?: ListListParams, options?: RequestOptions): Promise<ListPage>;
  iterate(query?: Omit<ListListParams, 'cursor'>, options?: RequestOptions): AsyncIterableIterator<ContactList>;
  create(input: ListCreateInput, options?: RequestOptions): Promise<ContactList>;
  update(id: string, patch: ListPatchInput, options?: RequestOptions): Promise<ContactList>;
  delete(id: string, options?: RequestOptions): Promise<void>;
}

export interface ImportsResource {
  create(input?: ImportCreateInput, options?: RequestOptions): Promise<Import>;
  /**
   * A chunk as an object (sent as JSON), or its JSON body already encoded as bytes, sent as is:
   * e.g. gzip-compressed, with `headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }`.
   */
  putChunk(importId: string, index: number, chunk: ImportChunkInput | Uint8Array, options?: RequestOptions): Promise<ImportChunkResult>;
  commit(importId: string, options?: RequestOptions): Promise<Job>;
  get(importId: string, options?: RequestOptions): Promise<Import>;
  abort(importId: string, options?: RequestOptions): Promise<void>;
  /**
   * Validates a CSV file whole, then uploads it in resumable chunks, commits and waits for the
   * job (see `runImport` in `@contacts-manager/core/csv`). Loaded on first use, so the CSV
   * pipeline stays out of the main entry.
   */
  run(source: CsvSource | URL, options?: RunImportOptions): Promise<ImportResult>;
}

export interface JobsResource {
  get(id: string, options?: RequestOptions): Promise<Job>;
  /** Polls with backoff until the job succeeds (resolves) or fails (rejects with JobFailedError). */
  wait(job: Job | string, options?: WaitForJobOptions): Promise<Job>;
}

export interface ChangesResource {
  list(query?: ChangesParams, options?: RequestOptions): Promise<ChangesPage>;
}

export interface SessionsResource {
  create(input: SessionCreateInput, options?: RequestOptions): Promise<Session>;
}

export interface UsersResource {
  list(options?: RequestOptions): Promise<UserPage>;
  create(input: UserCreateInput, options?: RequestOptions): Promise<User>;
  update(id: string, patch: UserPatchInput, options?: RequestOptions): Promise<User>;
}

export interface InboundMessagesResource {
  create(input: InboundMessageInput, options?: RequestOptions): Promise<InboundMessageResult>;
}

/** Webhook endpoints and their delivery log; needs a secret key or `manageWebhooks`. */
export interface WebhookEndpointsResource {
  list(query?: WebhookEndpointListParams, options?: RequestOptions): Promise<WebhookEndpointPage>;
  iterate(query?: Omit<WebhookEndpointListParams, 'cursor'>, options?: RequestOptions): AsyncIterableIterator<WebhookEndpoint>;
  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint>;
  /** The answer holds the signing `secret`: the only time it is shown, apart from rotation. */
  create(input: WebhookEndpointCreateInput, options?: RequestOptions): Promise<WebhookEndpointWithSecret>;
  /** Setting `status: 'enabled'` again resets the failure count. */
  update(id: string, patch: WebhookEndpointPatchInput, options?: RequestOptions): Promise<WebhookEndpoint>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  /** A new secret; the old one keeps signing beside it for `expiresInSeconds` (default one day). */
  rotateSecret(id: string, input?: WebhookSecretRotateInput, options?: RequestOptions): Promise<WebhookSecretRotation>;
  /** Queues a `webhook.test` event to this endpoint; resolves with its (pending) delivery. */
  test(id: string, options?: RequestOptions): Promise<WebhookDelivery>;
  /** The delivery log, newest first. */
  deliveries(id: string, query?: WebhookDeliveryListParams, options?: RequestOptions): Promise<WebhookDeliveryPage>;
  /** Sends a delivery again now. */
  retry(id: string, deliveryId: string, options?: RequestOptions): Promise<WebhookDelivery>;
}

export interface ContactsClient {
  readonly baseUrl: string;
  me(options?: RequestOptions): Promise<Me>;
  readonly contacts: ContactsResource;
  readonly lists: ListsResource;
  readonly imports: ImportsResource;
  readonly jobs: JobsResource;
  readonly changes: ChangesResource;
  readonly sessions: SessionsResource;
  readonly users: UsersResource;
  readonly inboundMessages: InboundMessagesResource;
  readonly webhookEndpoints: WebhookEndpointsResource;
}

export type { Change };
