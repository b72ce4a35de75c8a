import * as z from 'zod';
import {
  ChangesPage,
  ChangesQuery,
  Contact,
  ContactBulkInput,
  ContactCreateInput,
  ContactExportQuery,
  ContactList,
  ContactListQuery,
  ContactPage,
  ContactPatchInput,
  Import,
  ImportChunkInput,
  ImportChunkResult,
  ImportCreateInput,
  InboundMessageInput,
  InboundMessageResult,
  Job,
  ListCreateInput,
  ListPage,
  ListPatchInput,
  ListQuery,
  Me,
  Problem,
  Session,
  SessionCreateInput,
  User,
  UserCreateInput,
  UserPage,
  UserPatchInput,
} from '@contacts-manager/core/schema';
import {
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookEndpointCreateInput,
  WebhookEndpointPage,
  WebhookEndpointPatchInput,
  WebhookEndpointQuery,
  WebhookEndpointWithSecret,
  WebhookEventEnvelope,
  WebhookSecretRotateInput,
  WebhookSecretRotation,
} from '@contacts-manager/core/webhooks';
import { HEADERS, PARAMETERS, RESPONSES, jsonSchema, operation, parameterRef, pathId, queryParameters, type JsonObject, type OperationSpec } from './openapi-parts.js';

/** Every schema named in the document, with the direction it is read in. */
const COMPONENTS: Record<string, { schema: z.core.$ZodType; io: 'input' | 'output' }> = {
  Contact: { schema: Contact, io: 'output' },
  ContactPage: { schema: ContactPage, io: 'output' },
  ContactCreateInput: { schema: ContactCreateInput, io: 'input' },
  ContactPatchInput: { schema: ContactPatchInput, io: 'input' },
  ContactBulkInput: { schema: ContactBulkInput, io: 'input' },
  ContactList: { schema: ContactList, io: 'output' },
  ListPage: { schema: ListPage, io: 'output' },
  ListCreateInput: { schema: ListCreateInput, io: 'input' },
  ListPatchInput: { schema: ListPatchInput, io: 'input' },
  Me: { schema: Me, io: 'output' },
  User: { schema: User, io: 'output' },
  UserPage: { schema: UserPage, io: 'output' },
  UserCreateInput: { schema: UserCreateInput, io: 'input' },
  UserPatchInput: { schema: UserPatchInput, io: 'input' },
  Session: { schema: Session, io: 'output' },
  SessionCreateInput: { schema: SessionCreateInput, io: 'input' },
  Job: { schema: Job, io: 'output' },
  Import: { schema: Import, io: 'output' },
  ImportCreateInput: { schema: ImportCreateInput, io: 'input' },
  ImportChunkInput: { schema: ImportChunkInput, io: 'input' },
  ImportChunkResult: { schema: ImportChunkResult, io: 'output' },
  ChangesPage: { schema: ChangesPage, io: 'output' },
  InboundMessageInput: { schema: InboundMessageInput, io: 'input' },
  InboundMessageResult: { schema: InboundMessageResult, io: 'output' },
  Problem: { schema: Problem, io: 'output' },
  WebhookEndpoint: { schema: WebhookEndpoint, io: 'output' },
  WebhookEndpointWithSecret: { schema: WebhookEndpointWithSecret, io: 'output' },
  WebhookEndpointPage: { schema: WebhookEndpointPage, io: 'output' },
  WebhookEndpointCreateInput: { schema: WebhookEndpointCreateInput, io: 'input' },
  WebhookEndpointPatchInput: { schema: WebhookEndpointPatchInput, io: 'input' },
  WebhookSecretRotateInput: { schema: WebhookSecretRotateInput, io: 'input' },
  WebhookSecretRotation: { schema: WebhookSecretRotation, io: 'output' },
  WebhookDelivery: { schema: WebhookDelivery, io: 'output' },
  WebhookDeliveryPage: { schema: WebhookDeliveryPage, io: 'output' },
  WebhookEvent: { schema: WebhookEventEnvelope, io: 'output' },
};

/** Email addresses: the zod check is a long regex; the document says what it means. */
const EMAIL_INPUT = {
  anyOf: [
    { type: 'string', format: 'email', maxLength: 254 },
    { type: 'string', pattern: '^\\s*$', description: 'Blank: no email.' },
    { type: 'null' },
  ],
};

function componentSchemas(): Record<string, JsonObject> {
  const schemas = Object.fromEntries(Object.entries(COMPONENTS).map(([name, { schema, io }]) => [name, jsonSchema(schema, io)]));
  const property = (schema: string, name: string): JsonObject => ((schemas[schema]!.properties as Record<string, JsonObject>)[name] ??= {});
  for (const input of ['ContactCreateInput', 'ContactPatchInput']) (schemas[input]!.properties as Record<string, JsonObject>).email = EMAIL_INPUT;
  const row = ((schemas.ImportChunkInput!.properties as Record<string, JsonObject>).rows!.items as JsonObject).properties as Record<string, JsonObject>;
  row.email = EMAIL_INPUT;
  Object.assign(property('Contact', 'email'), { format: 'email' });
  Object.assign(property('Contact', 'phone'), { description: 'E.164.' });
  for (const input of ['ContactCreateInput', 'ContactPatchInput']) {
    Object.assign(property(input, 'phone'), {
      description: "National (with the account's default country) or international form; stored as E.164. A number that is not a real one is 422 `invalid_phone`.",
    });
  }
  return schemas;
}

const CONTACT_ID = pathId('id', 'ct', 'contact');
const LIST_ID = pathId('id', 'ls', 'list');
const IMPORT_ID = pathId('id', 'im', 'import');
const USER_ID = pathId('id', 'us', 'user');
const JOB_ID = pathId('id', 'jb', 'job');
const WEBHOOK_ENDPOINT_ID = pathId('id', 'we', 'webhook endpoint');
const WEBHOOK_DELIVERY_ID = pathId('deliveryId', 'wd', 'delivery');
const URL_FORBIDDEN = 'The body breaks the schema (`validation_failed`), or the URL is not https or leads to a loopback, private, link-local, CGNAT or metadata address (`webhook_url_forbidden`).';
const IDEMPOTENCY_KEY = parameterRef('IdempotencyKey');

const PAGE_PARAMETERS = {
  limit: 'Page size (plain decimal digits; empty means the default).',
  cursor: "The previous page's `nextCursor`: opaque; a tampered or foreign one is 422 `invalid_cursor`.",
};
const CONTACT_QUERY = {
  q: 'Search: a case-insensitive substring of the name, the email or the phone digits from 3 characters on; 1–2 characters match the start of any word of the name or email, or the start of the national phone digits. Control characters are 422.',
  listId: 'Only contacts in this list (unknown list: 404).',
  optedOut: 'Only opted-out (`true`) or messageable (`false`) contacts.',
  email: 'Only contacts with this email (exact, case-insensitive).',
  phone: 'Only the contact with this number (any form; normalized with the default country).',
  sort: 'Sort order: name (default), newest created or newest updated first.',
  ...PAGE_PARAMETERS,
};

const BODY_ERRORS = { '400': true, '413': true, '415': true, '422': true } as const;
/** A POST that takes Idempotency-Key can also answer 400 (bad key), 409 (still running) and 422 (`idempotency_conflict`). */
const POST_ERRORS = { ...BODY_ERRORS, '409': true } as const;
const IDEMPOTENT_ACTION_ERRORS = {
  '400': 'The Idempotency-Key is empty or over 255 characters (`invalid_idempotency_key`).',
  '413': true,
  '415': true,
  '422': 'The same Idempotency-Key was used with another body (`idempotency_conflict`).',
} as const;

const OPERATIONS: Record<string, Record<string, OperationSpec>> = {
  '/v1/me': {
    get: {
      operationId: 'getMe',
      tag: 'Account',
      summary: 'Who is calling',
      description: "The account, the user (null for a secret key) and the caller's permissions; the widget hides what a user may not do.",
      success: { status: 200, description: 'The caller.', schema: 'Me' },
      errors: {},
    },
  },
  '/v1/contacts': {
    get: {
      operationId: 'listContacts',
      tag: 'Contacts',
      summary: 'List contacts',
      description: 'A page of contacts, cursor-paginated (stable under concurrent inserts), with the exact `total` for the filter and `feedSeq`, the change-feed position the page reflects.',
      parameters: queryParameters(ContactListQuery, CONTACT_QUERY),
      success: { status: 200, description: 'A page of contacts.', schema: 'ContactPage' },
      errors: { '404': 'The `listId` names no list of this account (`not_found`).', '422': true },
    },
    post: {
      operationId: 'createContact',
      tag: 'Contacts',
      summary: 'Create a contact',
      description: 'Creates a contact. A number already in the opt-out register gives an opted-out contact. Needs `editContacts`.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'ContactCreateInput' },
      success: { status: 201, description: 'The new contact.', schema: 'Contact', headers: ['ETag', 'Location'] },
      errors: {
        ...POST_ERRORS,
        '403': true,
        '404': 'A `listIds` entry names no list of this account (`not_found`).',
        '409': 'The phone belongs to another contact (`duplicate_phone`; `contactId` names it), or the Idempotency-Key is still running (`idempotency_in_progress`).',
      },
    },
    delete: {
      operationId: 'deleteAllContacts',
      tag: 'Contacts',
      summary: 'Delete every contact',
      description:
        'Starts a job that deletes every contact in batches (readers see the count fall; each removal reaches the change feed). The opt-out register stays. Needs `deleteAllContacts`, `?all=true` and the header `Confirm: delete-all-contacts`.',
      parameters: [
        { name: 'all', in: 'query', required: true, description: 'Must be `true`.', schema: { type: 'string', enum: ['true'] } },
        { name: 'Confirm', in: 'header', required: true, description: 'Must be `delete-all-contacts`.', schema: { type: 'string', enum: ['delete-all-contacts'] } },
      ],
      success: { status: 202, description: 'The delete-all job.', schema: 'Job', headers: ['Location'] },
      errors: { '400': 'Without `?all=true` (`bad_request`) or without the Confirm header (`confirmation_required`).', '403': true },
    },
  },
  '/v1/contacts/export': {
    get: {
      operationId: 'exportContacts',
      tag: 'Contacts',
      summary: 'Export contacts as CSV',
      description:
        'Streams the contacts as CSV: everything, a list, a search, the opted-out filter, or up to 200 ids. Cells a spreadsheet would run as formulas are escaped with a leading `\'` (OWASP) and cells holding a separator are quoted; the importer reverses it. Needs `exportContacts`.',
      parameters: queryParameters(ContactExportQuery, {
        listId: 'Only contacts in this list (unknown list: 404).',
        q: CONTACT_QUERY.q,
        optedOut: CONTACT_QUERY.optedOut,
        ids: 'Only these contacts: up to 200 ids, comma-separated.',
      }),
      success: { status: 200, description: 'The CSV, streamed.', csv: true },
      errors: { '403': true, '404': 'The `listId` names no list of this account (`not_found`).', '422': true },
    },
  },
  '/v1/contacts/bulk': {
    post: {
      operationId: 'runContactBulkAction',
      tag: 'Contacts',
      summary: 'Apply one action to many contacts',
      description:
        'Deletes contacts, or adds them to or removes them from a list, by ids (up to 1000) or by a filter ("select all N matching"); exactly one of `ids` and `filter`. Runs as a `bulk_action` job whose result is `{action, affected}`; every touched contact reaches the change feed. `delete` needs `deleteContacts`; the list actions need `editContacts`.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'ContactBulkInput' },
      success: { status: 202, description: 'The bulk job.', schema: 'Job', headers: ['Location'] },
      errors: { ...POST_ERRORS, '403': true, '404': 'The `listId` (or the filter\'s) names no list of this account (`not_found`).' },
    },
  },
  '/v1/contacts/{id}': {
    get: {
      operationId: 'getContact',
      tag: 'Contacts',
      summary: 'Get a contact',
      description: 'The contact, with its version as the ETag.',
      parameters: [CONTACT_ID, parameterRef('IfNoneMatch')],
      success: { status: 200, description: 'The contact.', schema: 'Contact', headers: ['ETag'] },
      notModified: true,
      errors: { '404': true },
    },
    patch: {
      operationId: 'updateContact',
      tag: 'Contacts',
      summary: 'Change a contact',
      description:
        'A JSON merge patch of `fullName`, `phone`, `email`, `listIds` and `optedOut` (true only: the register is never cleared here). Changing an opted-out contact\'s phone carries the opt-out to the new number. Needs `editContacts`.',
      parameters: [CONTACT_ID, parameterRef('IfMatch')],
      body: { schema: 'ContactPatchInput' },
      success: { status: 200, description: 'The changed contact.', schema: 'Contact', headers: ['ETag'] },
      errors: {
        ...BODY_ERRORS,
        '400': 'The body is not JSON or is empty (`invalid_json`).',
        '403': true,
        '404': 'No such contact, or a `listIds` entry names no list (`not_found`).',
        '409': 'The phone belongs to another contact (`duplicate_phone`), or `optedOut: false` (`opt_out_locked`).',
        '412': true,
      },
    },
    delete: {
      operationId: 'deleteContact',
      tag: 'Contacts',
      summary: 'Delete a contact',
      description: 'Deletes the contact (its number stays in the opt-out register). Needs `deleteContacts`.',
      parameters: [CONTACT_ID, parameterRef('IfMatch')],
      success: { status: 204, description: 'Deleted.' },
      errors: { '403': true, '404': true, '412': true },
    },
  },
  '/v1/contacts/{id}/opt-out': {
    post: {
      operationId: 'optOutContact',
      tag: 'Contacts',
      summary: 'Opt a contact out',
      description: 'Writes the number to the opt-out register (`source: manual`); permanent, and idempotent. Needs `editContacts`.',
      parameters: [CONTACT_ID, IDEMPOTENCY_KEY],
      success: { status: 200, description: 'The opted-out contact.', schema: 'Contact', headers: ['ETag'] },
      errors: { ...IDEMPOTENT_ACTION_ERRORS, '403': true, '404': true, '409': true },
    },
  },
  '/v1/contacts/{id}/consent-message': {
    post: {
      operationId: 'recordConsentMessage',
      tag: 'Contacts',
      summary: 'Record that the consent message was sent',
      description: 'Sets `consent.status` to `sent`. Refused for an opted-out number. Needs `editContacts`.',
      parameters: [CONTACT_ID, IDEMPOTENCY_KEY],
      success: { status: 200, description: 'The contact.', schema: 'Contact', headers: ['ETag'] },
      errors: {
        ...IDEMPOTENT_ACTION_ERRORS,
        '403': true,
        '404': true,
        '409': 'The number is opted out (`opt_out_locked`), or the Idempotency-Key is still running (`idempotency_in_progress`).',
      },
    },
  },
  '/v1/changes': {
    get: {
      operationId: 'listChanges',
      tag: 'Changes',
      summary: 'Follow the change feed',
      description:
        "The account's changes in commit order after `after`: `upsert` with the contact, `delete` with its id. `seq` is per account. Entries older than 30 days may be compacted: an `after` before that is 410 `resync_required`.",
      parameters: queryParameters(ChangesQuery, {
        after: 'The last `seq` seen (0: from the start).',
        limit: 'Changes per page (plain decimal digits; empty means the default).',
      }),
      success: { status: 200, description: 'A page of changes.', schema: 'ChangesPage' },
      errors: { '410': 'Changes this old were compacted (`resync_required`): reload and follow from the newest.', '422': true },
    },
  },
  '/v1/lists': {
    get: {
      operationId: 'listLists',
      tag: 'Lists',
      summary: 'List lists',
      description: "The account's lists with their contact counts, by name.",
      parameters: queryParameters(ListQuery, PAGE_PARAMETERS),
      success: { status: 200, description: 'A page of lists.', schema: 'ListPage' },
      errors: { '422': true },
    },
    post: {
      operationId: 'createList',
      tag: 'Lists',
      summary: 'Create a list',
      description: 'Names are unique per account, ignoring case. Needs `manageLists`.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'ListCreateInput' },
      success: { status: 201, description: 'The new list.', schema: 'ContactList', headers: ['Location'] },
      errors: { ...POST_ERRORS, '403': true, '409': 'The name is taken (`list_name_taken`), or the Idempotency-Key is still running (`idempotency_in_progress`).' },
    },
  },
  '/v1/lists/{id}': {
    get: {
      operationId: 'getList',
      tag: 'Lists',
      summary: 'Get a list',
      description: 'The list with its contact count.',
      parameters: [LIST_ID],
      success: { status: 200, description: 'The list.', schema: 'ContactList' },
      errors: { '404': true },
    },
    patch: {
      operationId: 'renameList',
      tag: 'Lists',
      summary: 'Rename a list',
      description: 'Needs `manageLists`.',
      parameters: [LIST_ID],
      body: { schema: 'ListPatchInput' },
      success: { status: 200, description: 'The renamed list.', schema: 'ContactList' },
      errors: { ...BODY_ERRORS, '400': 'The body is not JSON or is empty (`invalid_json`).', '403': true, '404': true, '409': 'The name is taken (`list_name_taken`).' },
    },
    delete: {
      operationId: 'deleteList',
      tag: 'Lists',
      summary: 'Delete a list',
      description: 'The list goes; its contacts stay (each one\'s new `listIds` reaches the change feed). Needs `manageLists`.',
      parameters: [LIST_ID],
      success: { status: 204, description: 'Deleted.' },
      errors: { '403': true, '404': true },
    },
  },
  '/v1/imports': {
    post: {
      operationId: 'createImport',
      tag: 'Imports',
      summary: 'Open an import',
      description: 'Opens an import session (at most 5,000,000 rows: 422 `import_too_large`). Needs `importContacts` and `editContacts`.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'ImportCreateInput' },
      success: { status: 201, description: 'The open import.', schema: 'Import', headers: ['Location'] },
      errors: { ...POST_ERRORS, '403': true, '404': 'The `listId` names no list of this account (`not_found`).' },
    },
  },
  '/v1/imports/{id}': {
    get: {
      operationId: 'getImport',
      tag: 'Imports',
      summary: 'Get an import',
      description: 'Status, staged chunks and, once committed, the counts.',
      parameters: [IMPORT_ID],
      success: { status: 200, description: 'The import.', schema: 'Import' },
      errors: { '404': true },
    },
    delete: {
      operationId: 'abortImport',
      tag: 'Imports',
      summary: 'Abort an import',
      description: 'Discards the staged rows. Needs `importContacts`.',
      parameters: [IMPORT_ID],
      success: { status: 204, description: 'Aborted.' },
      errors: { '403': true, '404': true, '409': 'The import is not open (`import_not_open`).' },
    },
  },
  '/v1/imports/{id}/chunks/{index}': {
    put: {
      operationId: 'uploadImportChunk',
      tag: 'Imports',
      summary: 'Stage one chunk of rows',
      description:
        'Stages (or, re-sent, replaces) up to 1000 rows at a 0-based index. Every row is validated; a chunk with any bad row is 422 with every bad row and field, and nothing is staged. The body may be sent with `Content-Encoding: gzip` (the 2 MB limit applies decoded). Needs `importContacts`.',
      parameters: [
        IMPORT_ID,
        { name: 'index', in: 'path', required: true, description: 'The chunk index (plain decimal digits).', schema: { type: 'integer', minimum: 0, maximum: 1_000_000 } },
      ],
      body: { schema: 'ImportChunkInput' },
      success: { status: 200, description: 'Staged.', schema: 'ImportChunkResult' },
      errors: { ...BODY_ERRORS, '400': 'The body is not JSON or is empty (`invalid_json`).', '403': true, '404': true, '409': 'The import is not open (`import_not_open`).' },
    },
  },
  '/v1/imports/{id}/commit': {
    post: {
      operationId: 'commitImport',
      tag: 'Imports',
      summary: 'Commit an import',
      description:
        'Applies every staged row in one transaction (all or nothing) as a job: new phones create, known phones update, opted-out numbers stay opted out, rows with `optedOut: true` opt out. Needs `importContacts` and `editContacts`.',
      parameters: [IMPORT_ID, IDEMPOTENCY_KEY],
      success: { status: 202, description: 'The commit job.', schema: 'Job', headers: ['Location'] },
      errors: {
        ...IDEMPOTENT_ACTION_ERRORS,
        '403': true,
        '404': true,
        '409': 'The import is not open (`import_not_open`), or the Idempotency-Key is still running (`idempotency_in_progress`).',
      },
    },
  },
  '/v1/jobs/{id}': {
    get: {
      operationId: 'getJob',
      tag: 'Jobs',
      summary: 'Get a job',
      description: 'Status, progress and, when done, the result or the error.',
      parameters: [JOB_ID],
      success: { status: 200, description: 'The job.', schema: 'Job' },
      errors: { '404': true },
    },
  },
  '/v1/sessions': {
    post: {
      operationId: 'createSession',
      tag: 'Users and sessions',
      summary: 'Mint a user session token',
      description: "A short-lived `st_` token for one user, carrying that user's permissions; for the browser widget. Secret key only.",
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'SessionCreateInput' },
      success: { status: 201, description: 'The session.', schema: 'Session' },
      errors: { ...POST_ERRORS, '403': true, '404': 'The `userId` names no user of this account (`not_found`).' },
    },
  },
  '/v1/users': {
    get: {
      operationId: 'listUsers',
      tag: 'Users and sessions',
      summary: 'List users',
      description: "The account's users and their permission switches. Secret key only.",
      parameters: queryParameters(ListQuery, PAGE_PARAMETERS),
      success: { status: 200, description: 'A page of users.', schema: 'UserPage' },
      errors: { '403': true, '422': true },
    },
    post: {
      operationId: 'createUser',
      tag: 'Users and sessions',
      summary: 'Create a user',
      description: 'A user with a role and optional permission switches. Secret key only.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'UserCreateInput' },
      success: { status: 201, description: 'The new user.', schema: 'User', headers: ['Location'] },
      errors: { ...POST_ERRORS, '403': true },
    },
  },
  '/v1/users/{id}': {
    get: {
      operationId: 'getUser',
      tag: 'Users and sessions',
      summary: 'Get a user',
      description: 'Secret key only.',
      parameters: [USER_ID],
      success: { status: 200, description: 'The user.', schema: 'User' },
      errors: { '403': true, '404': true },
    },
    patch: {
      operationId: 'updateUser',
      tag: 'Users and sessions',
      summary: "Change a user's name, role or permissions",
      description: 'Secret key only.',
      parameters: [USER_ID],
      body: { schema: 'UserPatchInput' },
      success: { status: 200, description: 'The user.', schema: 'User' },
      errors: { ...BODY_ERRORS, '400': 'The body is not JSON or is empty (`invalid_json`).', '403': true, '404': true },
    },
  },
  '/v1/inbound-messages': {
    post: {
      operationId: 'receiveInboundMessage',
      tag: 'Inbound messages',
      summary: 'Receive a text message',
      description:
        'A stand-in for the SMS provider\'s webhook: opt-out keywords (STOP, "Stop, please", …) write the register, opt-in keywords (START, YES, …) clear it, HELP/INFO change nothing. Secret key only.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'InboundMessageInput' },
      success: { status: 200, description: 'What was done.', schema: 'InboundMessageResult' },
      errors: { ...POST_ERRORS, '403': true },
    },
  },
  '/v1/webhook-endpoints': {
    get: {
      operationId: 'listWebhookEndpoints',
      tag: 'Webhooks',
      summary: 'List webhook endpoints',
      description: "The account's webhook endpoints (their secrets are not shown). Needs `manageWebhooks`.",
      parameters: queryParameters(WebhookEndpointQuery, PAGE_PARAMETERS),
      success: { status: 200, description: 'A page of endpoints.', schema: 'WebhookEndpointPage' },
      errors: { '403': true, '422': true },
    },
    post: {
      operationId: 'createWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Create a webhook endpoint',
      description: 'An https URL and the event types it hears (or `["*"]`). The answer holds its `whsec_` signing secret, shown only here and on rotation. Needs `manageWebhooks`.',
      parameters: [IDEMPOTENCY_KEY],
      body: { schema: 'WebhookEndpointCreateInput' },
      success: { status: 201, description: 'The new endpoint with its secret.', schema: 'WebhookEndpointWithSecret', headers: ['Location'] },
      errors: { ...POST_ERRORS, '403': true, '422': URL_FORBIDDEN },
    },
  },
  '/v1/webhook-endpoints/{id}': {
    get: {
      operationId: 'getWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Get a webhook endpoint',
      description: 'The endpoint, its status and why it was disabled, if it was. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID],
      success: { status: 200, description: 'The endpoint.', schema: 'WebhookEndpoint' },
      errors: { '403': true, '404': true },
    },
    patch: {
      operationId: 'updateWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Change a webhook endpoint',
      description: 'URL, events, description or status; re-enabling resets the failure count. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID],
      body: { schema: 'WebhookEndpointPatchInput' },
      success: { status: 200, description: 'The changed endpoint.', schema: 'WebhookEndpoint' },
      errors: { ...BODY_ERRORS, '403': true, '404': true, '422': URL_FORBIDDEN },
    },
    delete: {
      operationId: 'deleteWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Delete a webhook endpoint',
      description: 'The endpoint and its delivery log go; nothing more is sent to it. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID],
      success: { status: 204, description: 'Deleted.' },
      errors: { '403': true, '404': true },
    },
  },
  '/v1/webhook-endpoints/{id}/rotate-secret': {
    post: {
      operationId: 'rotateWebhookSecret',
      tag: 'Webhooks',
      summary: 'Rotate the signing secret',
      description: 'A new secret; until `expiresInSeconds` (default 86400) deliveries are signed with the old and the new one. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID, IDEMPOTENCY_KEY],
      body: { schema: 'WebhookSecretRotateInput', optional: true },
      success: { status: 200, description: 'The new secret.', schema: 'WebhookSecretRotation' },
      errors: { ...POST_ERRORS, '403': true, '404': true },
    },
  },
  '/v1/webhook-endpoints/{id}/test': {
    post: {
      operationId: 'sendWebhookTest',
      tag: 'Webhooks',
      summary: 'Send a test event',
      description: 'Queues a `webhook.test` event to this endpoint. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID, IDEMPOTENCY_KEY],
      success: { status: 202, description: 'The queued delivery.', schema: 'WebhookDelivery' },
      errors: { ...IDEMPOTENT_ACTION_ERRORS, '403': true, '404': true, '409': true },
    },
  },
  '/v1/webhook-endpoints/{id}/deliveries': {
    get: {
      operationId: 'listWebhookDeliveries',
      tag: 'Webhooks',
      summary: 'List deliveries',
      description: "The endpoint's delivery log with every attempt, newest first, kept 30 days. Needs `manageWebhooks`.",
      parameters: [WEBHOOK_ENDPOINT_ID, ...queryParameters(WebhookDeliveryQuery, { status: 'Only deliveries in this state.', ...PAGE_PARAMETERS })],
      success: { status: 200, description: 'A page of deliveries.', schema: 'WebhookDeliveryPage' },
      errors: { '403': true, '404': true, '422': true },
    },
  },
  '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/retry': {
    post: {
      operationId: 'retryWebhookDelivery',
      tag: 'Webhooks',
      summary: 'Send a delivery again now',
      description: 'Sends the event again at once, with the same `webhook-id`. Needs `manageWebhooks`.',
      parameters: [WEBHOOK_ENDPOINT_ID, WEBHOOK_DELIVERY_ID, IDEMPOTENCY_KEY],
      success: { status: 202, description: 'The delivery, queued.', schema: 'WebhookDelivery' },
      errors: { ...IDEMPOTENT_ACTION_ERRORS, '403': true, '404': true, '409': true },
    },
  },
  '/v1/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      tag: 'Meta',
      summary: 'This document',
      description: 'The OpenAPI 3.1 document of the API, generated from the contract.',
      public: true,
      success: { status: 200, description: 'The document.' },
      inlineSchema: { type: 'object', description: 'An OpenAPI 3.1 document.' },
      errors: { '429': true },
    },
  },
  '/healthz': {
    get: {
      operationId: 'getHealth',
      tag: 'Meta',
      summary: 'Liveness',
      description: 'Answers while the process serves requests.',
      public: true,
      success: { status: 200, description: 'Alive.' },
      inlineSchema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'], additionalProperties: false },
      errors: { '429': true },
    },
  },
};

const TAGS = [
  { name: 'Account', description: 'Who is calling, with which permissions.' },
  { name: 'Contacts', description: 'Contacts, their opt-out state (from the account\'s register), export and bulk actions.' },
  { name: 'Lists', description: 'Named lists of contacts.' },
  { name: 'Imports', description: 'Resumable, all-or-nothing CSV imports: open, stage chunks, commit.' },
  { name: 'Jobs', description: 'Long-running work (delete all, import commit, bulk actions).' },
  { name: 'Changes', description: 'The per-account change feed clients keep caches fresh from.' },
  { name: 'Users and sessions', description: "The host's backend: users, permission switches and session tokens (secret key only)." },
  { name: 'Inbound messages', description: 'Texts from contacts: opt-out and opt-in keywords.' },
  { name: 'Webhooks', description: 'Relay webhooks: signed (Standard Webhooks) events to integrations, at least once.' },
  { name: 'Meta', description: 'Health and this document.' },
];

/** The operations as written, for tests that drive every one of them. */
export const DOCUMENTED_OPERATIONS = OPERATIONS;

/** The OpenAPI 3.1 document of the API, generated from the contract's zod schemas. */
export function buildOpenApiDocument(): JsonObject {
  const paths = Object.fromEntries(
    Object.entries(OPERATIONS).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([method, spec]) => [method, operation(spec)]))]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Contacts API',
      version: '1.0.0',
      description:
        'The contacts API (v1) of contacts-manager. JSON bodies, camelCase fields, ISO-8601 UTC timestamps. Errors are RFC 9457 problems (`application/problem+json`) with a stable `code`. Responses are compressed (br or gzip) when the client accepts it.',
      contact: { name: 'contacts-manager maintainers' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'The reference server as `pnpm start` runs it.' }],
    security: [{ bearerAuth: [] }],
    tags: TAGS,
    paths,
    webhooks: {
      contactsEvent: {
        post: {
          operationId: 'receiveContactsEvent',
          tags: ['Webhooks'],
          summary: 'An event sent to a webhook endpoint',
          description: 'POSTed with the headers webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks); any 2xx answer is success, anything else is retried with backoff.',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookEvent' } } } },
          responses: { '200': { description: 'Taken.' } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An account secret key (`sk_…`, server to server) or a user session token (`st_…`, the browser widget).' },
      },
      parameters: PARAMETERS,
      headers: HEADERS,
      responses: RESPONSES,
      schemas: componentSchemas(),
    },
  };
}
