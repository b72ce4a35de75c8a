// Sends pending deliveries: claims due ones under a lease, signs and POSTs each, records the
// attempt and schedules the next one. Any number of instances can run a worker on one
// database: a lease keeps a delivery to one of them, and an instance that dies leaves its
// leases to expire and be taken over. At least once: a receiver dedupes on `webhook-id`.
import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery, WebhooksStore } from '../store/webhooks-store-types.js';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, retryDelayMs } from './webhook-retry-schedule.js';
import { createWebhookSender, WEBHOOK_TIMEOUT_MS, type WebhookSender } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signer.js';

export interface WebhookDeliveryOptions {
  /** `--allow-private-webhook-targets`. */
  allowPrivateTargets: boolean;
  /** `--webhook-retry-schedule`: seconds after each failed attempt; default about 5 s … 10 h. */
  retryScheduleSeconds?: readonly number[];
  timeoutMs?: number;
  /** Deliveries in flight from this instance. */
  concurrency?: number;
  /** Deliveries in flight to one endpoint, so a slow receiver holds a few slots, never all. */
  perEndpoint?: number;
  /** How long a claimed delivery stays this instance's; longer than the send timeout. */
  leaseMs?: number;
  /** How often to look for work recorded by other instances. */
  pollIntervalMs?: number;
  /** An endpoint with nothing but failures for this long is disabled; default 5 days. */
  disableAfterMs?: number;
  /**
   * Resolves when the store may be written without waiting (SQLite: no job holds the write
   * lock), so a claim never blocks the event loop behind an import commit.
   */
  whenWritable?: () => Promise<void>;
  now?: () => number;
}

const FIVE_DAYS_MS = 5 * 86_400_000;

export class WebhookDeliveryWorker {
  readonly owner = `worker_${randomUUID()}`;
  private readonly sender: WebhookSender;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly schedule: readonly number[];
  private readonly concurrency: number;
  private readonly perEndpoint: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly disableAfterMs: number;
  private readonly now: () => number;
  private readonly whenWritable: () => Promise<void>;
  private running = false;
  /** Aborted by stop(): attempts in flight end at once and are not recorded. */
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly store: WebhooksStore,
    options: WebhookDeliveryOptions,
  ) {
    const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.sender = createWebhookSender({ allowPrivateTargets: options.allowPrivateTargets, timeoutMs });
    this.schedule = options.retryScheduleSeconds ?? DEFAULT_RETRY_SCHEDULE_SECONDS;
    this.concurrency = options.concurrency ?? 64;
    this.perEndpoint = options.perEndpoint ?? 8;
    this.leaseMs = options.leaseMs ?? timeoutMs + 20_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.disableAfterMs = options.disableAfterMs ?? FIVE_DAYS_MS;
    this.now = options.now ?? Date.now;
    this.whenWritable = options.whenWritable ?? (() => Promise.resolve());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** An event was recorded (after its transaction commits): look for work now. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /**
   * Stops claiming and cuts the attempts in flight short without recording them: their leases
   * lapse (or are released when a SQLite server starts) and they are sent again.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.notify();
    await this.loop;
    await Promise.all([...this.inFlight]);
    this.sender.close();
  }

  /** Waits `ms`, or less when notify() is called meanwhile (or was since the last wait). */
  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = () => {
        this.woken = false;
        finish();
      };
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedDelivery[] = [];
      const free = this.concurrency - this.inFlight.size;
      try {
        if (free > 0) {
          await this.whenWritable();
          claimed = await this.store.claimDue(this.owner, this.now(), this.leaseMs, free, this.perEndpoint);
        }
      } catch (error) {
        console.error('contacts-server: claiming webhook deliveries failed', error);
      }
      for (const delivery of claimed) this.launch(delivery);
      if (free > 0 && claimed.length === free) continue;
      let wait = this.pollIntervalMs;
      try {
        const due = await this.store.nextDueAt();
        // Something due that could not be claimed waits for a slot (a finished attempt wakes us).
        if (due !== null && due > this.now()) wait = Math.min(wait, due - this.now());
      } catch (error) {
        console.error('contacts-server: reading the webhook queue failed', error);
      }
      if (!this.running) break;
      await this.sleep(Math.max(1, wait));
    }
  }

  private launch(delivery: ClaimedDelivery): void {
    const task = this.attempt(delivery)
      .catch((error: unknown) => console.error(`contacts-server: webhook delivery ${delivery.id} failed to record`, error))
      .finally(() => {
        this.inFlight.delete(task);
        this.notify();
      });
    this.inFlight.add(task);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const startedAt = this.now();
    // Signed per attempt: the timestamp is the attempt's, the id and body the event's.
    const headers = webhookHeaders({ id: delivery.eventId, timestamp: Math.floor(startedAt / 1000), body: delivery.body }, delivery.secrets);
    const result = await this.sender.send({ url: delivery.url, headers, body: delivery.body }, this.stopping.signal);
    // Cut short by a shutdown: not a failure of the receiver, so nothing is recorded.
    if (this.stopping.signal.aborted && !result.ok) return;
    const delay = result.ok ? null : retryDelayMs(delivery.attemptsMade + 1, this.schedule);
    await this.whenWritable();
    const finishedAt = this.now();
    await this.store.completeAttempt(
      this.owner,
      delivery.accountId,
      delivery.id,
      {
        attempt: { at: new Date(startedAt).toISOString(), responseStatus: result.responseStatus, error: result.error, durationMs: result.durationMs },
        ok: result.ok,
        nextAttemptAt: delay === null ? null : finishedAt + delay,
      },
      finishedAt,
      this.disableAfterMs,
    );
  }
}
