// The contract's schemas and types. The keyword classification of inbound texts is the
// server's business: it stays in `@contacts-manager/core/schema`, out of the SDK's bundle.
export * from './schema/common.js';
export * from './schema/problem.js';
export * from './schema/contact.js';
export * from './schema/list.js';
export * from './schema/me.js';
export * from './schema/user.js';
export * from './schema/session.js';
export * from './schema/job.js';
export * from './schema/import.js';
export * from './schema/change.js';
export * from './schema/bulk.js';
// Webhook schemas and verifyWebhook live in `@contacts-manager/core/webhooks`; the types are here too.
export type * from './schema/webhook-endpoint.js';
export type * from './schema/webhook-endpoint-input.js';
export type * from './schema/webhook-event.js';
export { InboundAction, InboundMessageInput, InboundMessageResult } from './schema/inbound.js';
export * from './errors/index.js';
export * from './client/index.js';
export * from './store/index.js';
