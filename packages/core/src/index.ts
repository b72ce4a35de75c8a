// The contract's schemas and types. What only the server runs stays in
// `@contacts-manager/core/schema`, out of the SDK's bundle: the keyword classification of inbound
// texts, the parsers of query strings and bulk requests (the SDK builds those, typed by the types
// below, and never parses them), the role defaults and the export's CSV header.
export {
  AccountId,
  ContactId,
  Count,
  CountryCode,
  Cursor,
  ImportId,
  JobId,
  ListId,
  Timestamp,
  UserId,
  pageOf,
} from './schema/common.js';
export * from './schema/problem.js';
export {
  Consent,
  ConsentStatus,
  Contact,
  ContactCreateInput,
  ContactPage,
  ContactPatchInput,
  ContactSort,
  EmailAddress,
  EmailInput,
  FullName,
  OptOut,
  OptOutSource,
  PhoneInput,
} from './schema/contact.js';
export type { ContactExportQuery, ContactListQuery } from './schema/contact.js';
export { ContactList, ListCreateInput, ListName, ListPage, ListPatchInput } from './schema/list.js';
export type { ListQuery } from './schema/list.js';
export { Account, Me, Permissions, Role, type Permission } from './schema/me.js';
export * from './schema/user.js';
export * from './schema/session.js';
export * from './schema/job.js';
export * from './schema/import.js';
export { Change, ChangesPage } from './schema/change.js';
export type { ChangesQuery } from './schema/change.js';
export type { ContactBulkAction, ContactBulkFilter, ContactBulkInput } from './schema/bulk.js';
// Webhook schemas and verifyWebhook live in `@contacts-manager/core/webhooks`; the types are here too.
export type * from './schema/webhook-endpoint.js';
export type * from './schema/webhook-endpoint-input.js';
export type * from './schema/webhook-event.js';
export { InboundAction, InboundMessageInput, InboundMessageResult } from './schema/inbound.js';
export * from './errors/index.js';
export * from './client/index.js';
// The live store (`createContactsStore`) is the widget's state, in `@contacts-manager/core/store`:
// it stays out of the SDK's main entry, whose types still name it.
export type * from './store/types.js';
