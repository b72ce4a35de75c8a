/** Why a webhook request was refused; each a stable machine word. */
export type WebhookVerificationErrorCode =
  | 'webhook_missing_headers'
  | 'webhook_invalid_signature'
  | 'webhook_stale_timestamp'
  | 'webhook_invalid_payload'
  | 'webhook_invalid_secret';

/** A webhook request that must not be trusted: answer it 400 (or 401) and do nothing. */
export class WebhookVerificationError extends Error {
  readonly code: WebhookVerificationErrorCode;
  constructor(code: WebhookVerificationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty. */
export class MissingWebhookHeadersError extends WebhookVerificationError {
  readonly missing: string[];
  constructor(missing: string[]) {
    super('webhook_missing_headers', `The request lacks the ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}: it is not a webhook from the contacts API.`);
    this.missing = missing;
  }
}

/** No signature in `webhook-signature` matches the body with this secret. */
export class InvalidWebhookSignatureError extends WebhookVerificationError {
  constructor() {
    super('webhook_invalid_signature', 'No webhook signature matches this body and secret: the body was changed, or the secret is not this endpoint’s.');
  }
}

/** `webhook-timestamp` is further from now than the tolerance (a replay, or a wrong clock). */
export class StaleWebhookTimestampError extends WebhookVerificationError {
  readonly timestamp: number;
  constructor(timestamp: number, toleranceSeconds: number) {
    super('webhook_stale_timestamp', `The webhook timestamp ${timestamp} is more than ${toleranceSeconds} s from now: a replayed request, or a wrong clock.`);
    this.timestamp = timestamp;
  }
}

/** The signature holds, but the body is not an event. */
export class InvalidWebhookPayloadError extends WebhookVerificationError {
  constructor(cause?: unknown) {
    super('webhook_invalid_payload', 'The webhook body is not a JSON event {type, timestamp, data}.', { cause });
  }
}
