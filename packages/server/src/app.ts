import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, AppServices } from './app-env.js';
import { openDatabase, type SqliteDatabase } from './store/sqlite/open-database.js';
import type { Store } from './store/types.js';
import type { PostgresStore } from './store/postgres/postgres-store.js';
import { SqliteBackend } from './store/sqlite/sqlite-backend.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { WriteGate } from './store/write-gate.js';
import { ApiError } from './http/api-error.js';
import { bodilessAnswers, compression } from './http/compression.js';
import { CursorSealer } from './http/cursor.js';
import { methodNotAllowed } from './http/method-not-allowed.js';
import { payloadTooLarge, requestBody } from './http/request-body.js';
import { isStorageUnavailable, storageUnavailable } from './http/storage-errors.js';
import { bulkActionJob } from './jobs/bulk-action-job.js';
import { deleteAllJob } from './jobs/delete-all-job.js';
import { importCommitJob } from './jobs/import-commit-job.js';
import { JobRunner, type JobRunnerOptions } from './jobs/job-runner.js';
import { addressRateLimit } from './middleware/address-limits.js';
import { authenticate } from './middleware/auth.js';
import { idempotency } from './middleware/idempotency.js';
import { rateLimit, type RateLimitOptions } from './middleware/rate-limit.js';
import { waitForWrites } from './middleware/wait-for-writes.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { accountRoutes } from './routes/account-routes.js';
import { changesRoutes } from './routes/changes-routes.js';
import { contactsRoutes } from './routes/contacts-routes.js';
import { importsRoutes } from './routes/imports-routes.js';
import { jobsRoutes } from './routes/jobs-routes.js';
import { listsRoutes } from './routes/lists-routes.js';
import { webhooksRoutes } from './routes/webhooks-routes.js';
import { recordJobSummaryEvent } from './webhooks/record-webhook-event.js';
import { WebhookDeliveryWorker, type WebhookDeliveryOptions } from './webhooks/webhook-delivery-worker.js';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface AppOptions {
  /** An open database, or a file to open (created on first use); default: in memory. */
  database?: SqliteDatabase | string;
  /** Serve from PostgreSQL instead (opened and migrated: PostgresStore.open); `database` is then ignored. */
  postgres?: PostgresStore;
  /** Per-token request budget; `false` turns rate limiting off (benchmarks). */
  rateLimit?: RateLimitOptions | false;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
  /** Contacts deleted per transaction by delete-all; default adapts to about 40 ms per batch. */
  deleteBatchSize?: number;
  /**
   * The secret page cursors are sealed with. Instances sharing one database must share it;
   * default: a random secret kept in the database's settings on first start.
   */
  cursorSecret?: string;
  /** Failed authentications per client address before 429; `false` turns the limit off. */
  failedAuthLimit?: RateLimitOptions | false;
  /** Requests per client address to the endpoints that need no token; `false` turns it off. */
  publicRateLimit?: RateLimitOptions | false;
  /** Lease length, polling and concurrency of the job runner. */
  jobs?: JobRunnerOptions;
  /** Webhook delivery: `allowPrivateTargets` (`--allow-private-webhook-targets`), `retryScheduleSeconds`, timeouts. */
  webhooks?: Omit<WebhookDeliveryOptions, 'now' | 'allowPrivateTargets'> & { allowPrivateTargets?: boolean };
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 100, windowSeconds: 1 };
/** Health checks and document fetches per address: far above what a load balancer sends. */
export const DEFAULT_PUBLIC_RATE_LIMIT: RateLimitOptions = { limit: 300, windowSeconds: 10 };

export interface ContactsApp {
  app: Hono<AppEnv>;
  services: AppServices;
  /** The SQLite store behind the app (seeding, fault injection in tests); throws on PostgreSQL. */
  readonly sqlite: SqliteStore;
  /** The PostgreSQL store behind the app, or null on SQLite. */
  readonly postgres: PostgresStore | null;
  /** Waits for running jobs, then closes the database. */
  close(): Promise<void>;
}

function problemResponse(error: ApiError, instance?: string): Response {
  return new Response(JSON.stringify(error.toProblem(instance)), {
    status: error.status,
    headers: { 'Content-Type': 'application/problem+json', ...error.headers },
  });
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException && error.status === 413) return payloadTooLarge(MAX_BODY_BYTES);
  if (isStorageUnavailable(error)) {
    console.warn('contacts-server: storage unavailable', (error as { code?: string }).code, error instanceof Error ? error.message : '');
    return storageUnavailable();
  }
  console.error('contacts-server: unexpected error', error);
  return new ApiError(500, 'internal_error', 'Something went wrong on our side; the request can be retried.');
}

/** Builds the API as a Hono app; tests call `app.request()` on it without a socket. */
export function createApp(options: AppOptions = {}): ContactsApp {
  const now = options.now ?? Date.now;
  // PostgreSQL's writers never wait for a job's transaction; SQLite's single writer does.
  const gate = new WriteGate(!options.postgres);
  let sqlite: SqliteStore | null = null;
  let store: Store;
  if (options.postgres) {
    store = options.postgres;
  } else {
    const db = typeof options.database === 'object' ? options.database : openDatabase(options.database ?? ':memory:');
    sqlite = new SqliteStore(db, now, () => gate.isOpen);
    sqlite.checkpointInBackground();
    // A key whose first request never finished (the process stopped) must not block retries forever.
    sqlite.idempotency.prune(0, true);
    // One process serves the file: the leases of the last run's jobs and webhook deliveries lapse now, and they resume.
    sqlite.jobs.expireAllLeases();
    sqlite.webhooks.releaseAllLeases();
    store = new SqliteBackend(sqlite);
  }
  const jobs = new JobRunner(store, gate, { ...options.jobs, onFinished: (tx, job, outcome) => recordJobSummaryEvent(tx, services, job, outcome) })
    .register('import_commit', importCommitJob)
    .register('delete_all', deleteAllJob({ deleteBatchSize: options.deleteBatchSize ?? 2000, fixedDeleteBatchSize: options.deleteBatchSize !== undefined }))
    .register('bulk_action', bulkActionJob);
  const allowPrivateTargets = options.webhooks?.allowPrivateTargets ?? false;
  const webhookWorker = new WebhookDeliveryWorker(store.webhooks, { ...options.webhooks, allowPrivateTargets, now, whenWritable: () => gate.whenOpen() });
  const services: AppServices = {
    store,
    jobs,
    gate,
    now,
    webhooks: { allowPrivateTargets, notify: () => webhookWorker.notify() },
    cursors: new CursorSealer(options.cursorSecret ?? (() => store.accounts.installationSecret('cursor_secret', CursorSealer.newSecret()))),
  };
  jobs.start();
  webhookWorker.start();

  services.cursors.prepare();
  const app = new Hono<AppEnv>();
  app.onError((error, c) => problemResponse(toApiError(error), c.req.path));
  app.notFound((c) => problemResponse(new ApiError(404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}.`), c.req.path));

  app.use('*', bodilessAnswers());
  app.use('*', compression());
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Confirm'],
      exposeHeaders: ['X-Request-Id', 'ETag', 'Location', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed'],
      maxAge: 600,
    }),
  );
  // Requests still being handled, so close() lets them finish before the database goes
  // (a client that hung up does not stop its handler).
  let inFlight = 0;
  let drained: (() => void) | null = null;
  app.use('*', async (_c, next) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('*', methodNotAllowed(app));

  if (options.publicRateLimit !== false) {
    const limit = addressRateLimit(options.publicRateLimit ?? DEFAULT_PUBLIC_RATE_LIMIT, now);
    app.use('/healthz', limit);
    app.use('/v1/openapi.json', limit);
  }
  // Healthy means the database answers: a load balancer takes an instance that lost it out.
  app.get('/healthz', async (c) => {
    try {
      await store.accounts.resolveToken('sk_healthcheck', now());
      return c.json({ status: 'ok' });
    } catch (error) {
      console.error('contacts-server: health check failed', error);
      return c.json({ status: 'unavailable' }, 503, { 'Retry-After': '5' });
    }
  });
  const openApi = buildOpenApiDocument();
  app.get('/v1/openapi.json', (c) => c.json(openApi));

  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c: Context) => problemResponse(payloadTooLarge(MAX_BODY_BYTES), c.req.path),
  });
  // Reads have no body to limit, and looking built a full fetch Request for each (a twentieth
  // of a list request).
  app.use('/v1/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use('/v1/*', authenticate(options.failedAuthLimit));
  if (options.rateLimit !== false) app.use('/v1/*', rateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  app.use('/v1/*', requestBody(MAX_BODY_BYTES));
  app.use('/v1/*', waitForWrites());
  app.use('/v1/*', idempotency());

  for (const routes of [accountRoutes(), contactsRoutes(), listsRoutes(), importsRoutes(), jobsRoutes(), changesRoutes(), webhooksRoutes()]) {
    app.route('/v1', routes);
  }

  return {
    app,
    services,
    get sqlite(): SqliteStore {
      if (!sqlite) throw new Error('This app runs on PostgreSQL: it has no SQLite store.');
      return sqlite;
    },
    postgres: options.postgres ?? null,
    async close() {
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await webhookWorker.stop();
      await jobs.stop();
      await store.close();
    },
  };
}
