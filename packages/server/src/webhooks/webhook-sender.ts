// One webhook POST: 10 s timeout, redirects not followed, any 2xx a success. Built on
// node:http(s) rather than fetch so the connection goes to the very addresses the SSRF check
// resolved (a `lookup` of our own), which fetch does not allow.
import http from 'node:http';
import https from 'node:https';
import { assertSendable, safeLookup, WebhookUrlForbiddenError, type WebhookTargetPolicy } from './webhook-url-safety.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is read of a receiver's answer before it is dropped: nobody reads it. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookAttemptResult {
  ok: boolean;
  /** The receiver's status; null when no answer came. */
  responseStatus: number | null;
  /** Why it failed, in words; null on success. */
  error: string | null;
  durationMs: number;
}

export interface WebhookSenderOptions extends WebhookTargetPolicy {
  timeoutMs?: number;
}

/** Turns a socket error into a sentence for the delivery log. */
function describeError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error instanceof WebhookUrlForbiddenError || error.code === 'EWEBHOOKFORBIDDEN') return error.message;
  switch (error.code) {
    case 'ETIMEDOUT_WEBHOOK':
      return `No answer within ${timeoutMs / 1000} s.`;
    case 'ECONNREFUSED':
      return 'Connection refused.';
    case 'ECONNRESET':
      return 'The receiver closed the connection before answering.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name does not resolve.';
    default:
      return error.message || String(error.code ?? 'Request failed.');
  }
}

/** A sender with its own keep-alive agents; `close()` drops their idle sockets. */
export function createWebhookSender(options: WebhookSenderOptions) {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const lookup = options.allowPrivateTargets ? undefined : safeLookup;
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

  /** Sends one attempt; `signal` (a shutdown) cuts it short, reported as an error. */
  function send(request: WebhookRequest, signal?: AbortSignal): Promise<WebhookAttemptResult> {
    const started = performance.now();
    const finish = (result: Omit<WebhookAttemptResult, 'durationMs'>): WebhookAttemptResult => ({
      ...result,
      durationMs: Math.max(0, Math.round(performance.now() - started)),
    });
    let url: URL;
    try {
      url = new URL(request.url);
      assertSendable(url, options);
    } catch (error) {
      return Promise.resolve(finish({ ok: false, responseStatus: null, error: describeError(error as NodeJS.ErrnoException, timeoutMs) }));
    }
    const protocol = url.protocol as 'http:' | 'https:';
    const transport = protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body);

    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: Omit<WebhookAttemptResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(finish(result));
      };
      const outgoing = transport.request(url, {
        method: 'POST',
        agent: agents[protocol],
        ...(lookup ? { lookup } : {}),
        headers: { ...request.headers, 'content-length': String(body.length), 'user-agent': 'contacts-manager-webhooks/1' },
      });
      // One deadline for connect, send and the whole answer.
      const timer = setTimeout(() => {
        outgoing.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_WEBHOOK' }));
      }, timeoutMs);
      const abort = () => outgoing.destroy(Object.assign(new Error('The server is shutting down.'), { code: 'EABORTED_WEBHOOK' }));
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
      outgoing.on('close', () => signal?.removeEventListener('abort', abort));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        settle({ ok: false, responseStatus: null, error: describeError(error, timeoutMs) });
      });
      outgoing.on('response', (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          const ok = status >= 200 && status < 300;
          const error = ok
            ? null
            : status >= 300 && status < 400
              ? `Redirects are not followed (HTTP ${status}${response.headers.location ? ` to ${response.headers.location}` : ''}).`
              : `HTTP ${status}.`;
          settle({ ok, responseStatus: status, error });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      });
      outgoing.end(body);
    });
  }

  return {
    send,
    close(): void {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
