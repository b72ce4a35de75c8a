import type { CursorSealer } from './http/cursor.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { Principal, Store } from './store/types.js';
import type { WriteGate } from './store/write-gate.js';

/** The webhook settings routes need, and the delivery worker's wake-up call. */
export interface WebhookServices {
  /** `--allow-private-webhook-targets`: plain http and private addresses allowed. */
  allowPrivateTargets: boolean;
  /** An event was recorded: deliver it now rather than at the next poll. */
  notify(): void;
}

/** What every route reaches through the context: the store, the job runner, the clock. */
export interface AppServices {
  webhooks: WebhookServices;
  store: Store;
  jobs: JobRunner;
  /** Writers wait here while a long job holds the write lock. */
  gate: WriteGate;
  /** Milliseconds since the epoch; tests move it to expire sessions and imports. */
  now: () => number;
  /** Seals the store's page cursors for clients (opaque, tamper-proof). */
  cursors: CursorSealer;
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    principal: Principal;
    requestId: string;
    /** The request body as text, decoded (gzip) by the requestBody middleware. */
    bodyText: string;
  };
}
