// Standard Webhooks verification with WebCrypto only, so it runs the same in Node, browsers
// and edge runtimes (no Buffer, no node:crypto).
import * as z from 'zod/mini';
import { WebhookEventEnvelope, type WebhookEvent } from '../schema/webhook-event.js';
import {
  InvalidWebhookPayloadError,
  InvalidWebhookSignatureError,
  MissingWebhookHeadersError,
  StaleWebhookTimestampError,
  WebhookVerificationError,
} from './webhook-verification-error.js';

/** Fetch `Headers`, or a plain object such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, either way; default 300 s. */
  toleranceSeconds?: number;
  /** The current time in epoch milliseconds (tests). */
  now?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

async function importSecret(secret: string) {
  const bytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  if (!bytes || bytes.length === 0) {
    throw new WebhookVerificationError('webhook_invalid_secret', 'The webhook secret is not a whsec_ secret (whsec_ followed by base64).');
  }
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

function bodyBytes(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

/**
 * Checks a webhook from the contacts API and returns its event.
 *
 * Pass the body exactly as received (the raw text or bytes, not re-serialized JSON), the
 * request headers and the endpoint's `whsec_` secret. During a secret rotation the request
 * carries one signature per secret, so either secret verifies it.
 *
 * @throws MissingWebhookHeadersError, InvalidWebhookSignatureError, StaleWebhookTimestampError,
 * InvalidWebhookPayloadError (all `WebhookVerificationError`, with a stable `code`).
 *
 * @example
 * const event = await verifyWebhook(await request.text(), request.headers, process.env.WEBHOOK_SECRET);
 * if (event.type === 'contact.updated') console.log(event.data.email, event.data.version);
 */
export async function verifyWebhook(
  body: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  const missing = (
    [
      ['webhook-id', id],
      ['webhook-timestamp', timestamp],
      ['webhook-signature', signatures],
    ] as const
  ).flatMap(([name, value]) => (value?.trim() ? [] : [name]));
  if (missing.length > 0) throw new MissingWebhookHeadersError(missing);

  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const timestampText = timestamp!.trim();
  const seconds = /^\d{1,12}$/.test(timestampText) ? Number(timestampText) : Number.NaN;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (!(Math.abs(nowSeconds - seconds) <= toleranceSeconds)) {
    throw new StaleWebhookTimestampError(Number.isNaN(seconds) ? 0 : seconds, toleranceSeconds);
  }

  const key = await importSecret(secret);
  const payload = bodyBytes(body);
  const prefix = encoder.encode(`${id}.${timestampText}.`);
  const signed = new Uint8Array(prefix.length + payload.length);
  signed.set(prefix);
  signed.set(payload, prefix.length);

  let verified = false;
  for (const entry of signatures!.trim().split(/\s+/)) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const signature = base64ToBytes(value);
    // subtle.verify compares in constant time.
    if (signature && (await crypto.subtle.verify('HMAC', key, signature, signed))) {
      verified = true;
      break;
    }
  }
  if (!verified) throw new InvalidWebhookSignatureError();

  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(payload));
  } catch (error) {
    throw new InvalidWebhookPayloadError(error);
  }
  const envelope = z.safeParse(WebhookEventEnvelope, parsed);
  if (!envelope.success) throw new InvalidWebhookPayloadError(envelope.error);
  return parsed as WebhookEvent;
}
