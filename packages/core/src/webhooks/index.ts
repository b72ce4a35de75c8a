// `@contacts-manager/core/webhooks`: what a webhook receiver needs (verifyWebhook, the event
// types) and the webhook schemas, apart from the SDK's main entry so neither weighs on the other.
export { verifyWebhook, type VerifyWebhookOptions, type WebhookHeaders } from './verify-webhook.js';
export {
  WebhookVerificationError,
  MissingWebhookHeadersError,
  InvalidWebhookSignatureError,
  StaleWebhookTimestampError,
  InvalidWebhookPayloadError,
  type WebhookVerificationErrorCode,
} from './webhook-verification-error.js';
// The schemas of webhook endpoints, deliveries and events (the server validates with them).
export * from '../schema/webhook-endpoint.js';
export * from '../schema/webhook-endpoint-input.js';
export * from '../schema/webhook-event.js';
