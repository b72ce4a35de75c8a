// Standard Webhooks signing: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed by
// the secret's decoded bytes, one signature per live secret (two during a rotation).
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export interface WebhookToSign {
  /** The event id: the `webhook-id` header. */
  id: string;
  /** Unix seconds: the `webhook-timestamp` header. */
  timestamp: number;
  /** The exact bytes sent as the body. */
  body: string;
}

/** The `webhook-signature` header value: one `v1,…` per secret, separated by spaces. */
export function signWebhook(message: WebhookToSign, secrets: readonly string[]): string {
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  return secrets
    .map((secret) => {
      const hmac = createHmac('sha256', secretKey(secret));
      hmac.update(`${message.id}.${message.timestamp}.`);
      hmac.update(message.body);
      return `v1,${hmac.digest('base64')}`;
    })
    .join(' ');
}

/** The headers of one webhook POST. */
export function webhookHeaders(message: WebhookToSign, secrets: readonly string[]): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signWebhook(message, secrets),
  };
}
