import * as z from 'zod';
import {
  ChangesPage,
  ChangesQuery,
  Contact,
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

type JsonObject = Record<string, unknown>;

/** Every schema named in the document, with the direction it is read in. */
const COMPONENTS: Record<string, { schema: z.core.$ZodType; io: 'input' | 'output' }> = {
  Contact: { schema: Contact, io: 'output' },
  ContactPage: { schema: ContactPage, io: 'output' },
  ContactCreateInput: { schema: ContactCreateInput, io: 'input' },
  ContactPatchInput: { schema: ContactPatchInput, io: 'input' },
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

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const ref = (name: keyof typeof COMPONENTS): JsonObject => ({ $ref: `#/components/schemas/${name}` });

function queryParameters(schema: z.core.$ZodType): JsonObject[] {
  const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, JsonObject>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

const pathParameter = (name: string, description: string): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Replays the first response for 24 h; at most 255 characters.',
  schema: { type: 'string', maxLength: 255 },
};
const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The contact version as an ETag ("3"); a stale one is 412 precondition_failed.',
  schema: { type: 'string' },
};

const problem = (description: string): JsonObject => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const COMMON_ERRORS: Record<string, JsonObject> = {
  '400': problem('Malformed request (invalid_json, bad_request, invalid_idempotency_key)'),
  '401': problem('Missing, invalid or expired token (unauthorized)'),
  '403': problem('The token lacks the permission (permission_denied)'),
  '404': problem('No such resource in this account (not_found)'),
  '413': problem('Body over 2 MB (payload_too_large)'),
  '422': problem('Schema violation (validation_failed, invalid_phone, idempotency_conflict)'),
  '429': problem('Rate limited (rate_limited); see Retry-After'),
};

interface Operation {
  summary: string;
  params?: JsonObject[];
  body?: keyof typeof COMPONENTS;
  status: number;
  response?: keyof typeof COMPONENTS | 'csv';
  extra?: Record<string, JsonObject>;
  auth?: false;
}

function operation(op: Operation): JsonObject {
  const success: JsonObject =
    op.response === 'csv'
      ? { description: 'CSV export', content: { 'text/csv': { schema: { type: 'string' } } } }
      : op.response
        ? { description: 'Success', content: { 'application/json': { schema: ref(op.response) } } }
        : { description: 'Success, no content' };
  return {
    summary: op.summary,
    ...(op.auth === false ? { security: [] } : {}),
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
    responses: { [String(op.status)]: success, ...(op.auth === false ? {} : COMMON_ERRORS), ...op.extra },
  };
}

const contactId = pathParameter('id', 'Contact id (ct_…)');
const webhookEndpointId = pathParameter('id', 'Webhook endpoint id (we_…)');
const URL_FORBIDDEN = { '422': problem('validation_failed, or webhook_url_forbidden (not https, or a loopback, private, link-local, CGNAT or metadata destination)') };

/** The OpenAPI 3.1 document of the API, generated from the contract's zod schemas. */
export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {
    '/v1/me': { get: operation({ summary: 'The caller: account, user and permissions', status: 200, response: 'Me' }) },
    '/v1/contacts': {
      get: operation({ summary: 'List contacts (cursor pagination, exact total)', params: queryParameters(ContactListQuery), status: 200, response: 'ContactPage' }),
      post: operation({
        summary: 'Create a contact',
        params: [IDEMPOTENCY_KEY],
        body: 'ContactCreateInput',
        status: 201,
        response: 'Contact',
        extra: { '409': problem('duplicate_phone (contactId names the holder)') },
      }),
      delete: operation({
        summary: 'Delete all contacts (job); needs ?all=true and Confirm: delete-all-contacts',
        params: [
          { name: 'all', in: 'query', required: true, schema: { type: 'string', enum: ['true'] } },
          { name: 'Confirm', in: 'header', required: true, schema: { type: 'string', enum: ['delete-all-contacts'] } },
        ],
        status: 202,
        response: 'Job',
      }),
    },
    '/v1/contacts/export': {
      get: operation({ summary: 'Export contacts as CSV (streamed)', params: queryParameters(ContactExportQuery), status: 200, response: 'csv' }),
    },
    '/v1/contacts/{id}': {
      get: operation({ summary: 'Get a contact', params: [contactId], status: 200, response: 'Contact' }),
      patch: operation({
        summary: 'Merge-patch a contact',
        params: [contactId, IF_MATCH],
        body: 'ContactPatchInput',
        status: 200,
        response: 'Contact',
        extra: { '409': problem('duplicate_phone or opt_out_locked'), '412': problem('precondition_failed (current holds the contact)') },
      }),
      delete: operation({ summary: 'Delete a contact', params: [contactId, IF_MATCH], status: 204, extra: { '412': problem('precondition_failed') } }),
    },
    '/v1/contacts/{id}/opt-out': {
      post: operation({ summary: 'Opt the number out (permanent; idempotent)', params: [contactId, IDEMPOTENCY_KEY], status: 200, response: 'Contact' }),
    },
    '/v1/contacts/{id}/consent-message': {
      post: operation({
        summary: 'Record that the consent message was sent',
        params: [contactId, IDEMPOTENCY_KEY],
        status: 200,
        response: 'Contact',
        extra: { '409': problem('opt_out_locked') },
      }),
    },
    '/v1/changes': {
      get: operation({ summary: 'Account-wide change feed', params: queryParameters(ChangesQuery), status: 200, response: 'ChangesPage', extra: { '410': problem('resync_required') } }),
    },
    '/v1/lists': {
      get: operation({ summary: 'List lists', params: queryParameters(ListQuery), status: 200, response: 'ListPage' }),
      post: operation({ summary: 'Create a list', params: [IDEMPOTENCY_KEY], body: 'ListCreateInput', status: 201, response: 'ContactList', extra: { '409': problem('list_name_taken') } }),
    },
    '/v1/lists/{id}': {
      get: operation({ summary: 'Get a list', params: [pathParameter('id', 'List id (ls_…)')], status: 200, response: 'ContactList' }),
      patch: operation({ summary: 'Rename a list', params: [pathParameter('id', 'List id (ls_…)')], body: 'ListPatchInput', status: 200, response: 'ContactList', extra: { '409': problem('list_name_taken') } }),
      delete: operation({ summary: 'Delete a list (its contacts stay)', params: [pathParameter('id', 'List id (ls_…)')], status: 204 }),
    },
    '/v1/imports': {
      post: operation({ summary: 'Open an import session', params: [IDEMPOTENCY_KEY], body: 'ImportCreateInput', status: 201, response: 'Import' }),
    },
    '/v1/imports/{id}': {
      get: operation({ summary: 'Get an import', params: [pathParameter('id', 'Import id (im_…)')], status: 200, response: 'Import' }),
      delete: operation({ summary: 'Abort an import; staged rows are discarded', params: [pathParameter('id', 'Import id (im_…)')], status: 204, extra: { '409': problem('import_not_open') } }),
    },
    '/v1/imports/{id}/chunks/{index}': {
      put: operation({
        summary: 'Stage (or replace) one chunk of at most 1000 rows',
        params: [pathParameter('id', 'Import id (im_…)'), { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }],
        body: 'ImportChunkInput',
        status: 200,
        response: 'ImportChunkResult',
        extra: { '409': problem('import_not_open') },
      }),
    },
    '/v1/imports/{id}/commit': {
      post: operation({
        summary: 'Commit every staged chunk in one transaction (job)',
        params: [pathParameter('id', 'Import id (im_…)'), IDEMPOTENCY_KEY],
        status: 202,
        response: 'Job',
        extra: { '409': problem('import_not_open') },
      }),
    },
    '/v1/jobs/{id}': { get: operation({ summary: 'Get a job', params: [pathParameter('id', 'Job id (jb_…)')], status: 200, response: 'Job' }) },
    '/v1/sessions': {
      post: operation({ summary: 'Mint a user session token (secret key only)', params: [IDEMPOTENCY_KEY], body: 'SessionCreateInput', status: 201, response: 'Session' }),
    },
    '/v1/users': {
      get: operation({ summary: 'List users (secret key only)', params: queryParameters(ListQuery), status: 200, response: 'UserPage' }),
      post: operation({ summary: 'Create a user (secret key only)', params: [IDEMPOTENCY_KEY], body: 'UserCreateInput', status: 201, response: 'User' }),
    },
    '/v1/users/{id}': {
      get: operation({ summary: 'Get a user (secret key only)', params: [pathParameter('id', 'User id (us_…)')], status: 200, response: 'User' }),
      patch: operation({ summary: "Change a user's role and permission switches (secret key only)", params: [pathParameter('id', 'User id (us_…)')], body: 'UserPatchInput', status: 200, response: 'User' }),
    },
    '/v1/inbound-messages': {
      post: operation({ summary: 'Receive an SMS (opt-out / opt-in keywords; secret key only)', params: [IDEMPOTENCY_KEY], body: 'InboundMessageInput', status: 200, response: 'InboundMessageResult' }),
    },
    '/v1/webhook-endpoints': {
      get: operation({ summary: 'List webhook endpoints (manageWebhooks)', params: queryParameters(WebhookEndpointQuery), status: 200, response: 'WebhookEndpointPage' }),
      post: operation({
        summary: 'Create a webhook endpoint; the answer holds its whsec_ secret, shown only here and on rotation',
        params: [IDEMPOTENCY_KEY],
        body: 'WebhookEndpointCreateInput',
        status: 201,
        response: 'WebhookEndpointWithSecret',
        extra: URL_FORBIDDEN,
      }),
    },
    '/v1/webhook-endpoints/{id}': {
      get: operation({ summary: 'Get a webhook endpoint', params: [webhookEndpointId], status: 200, response: 'WebhookEndpoint' }),
      patch: operation({ summary: 'Change a webhook endpoint (status enabled resets the failure count)', params: [webhookEndpointId], body: 'WebhookEndpointPatchInput', status: 200, response: 'WebhookEndpoint', extra: URL_FORBIDDEN }),
      delete: operation({ summary: 'Delete a webhook endpoint and its delivery log', params: [webhookEndpointId], status: 204 }),
    },
    '/v1/webhook-endpoints/{id}/rotate-secret': {
      post: operation({ summary: 'A new secret; the old one also signs until expiresInSeconds (default 86400)', params: [webhookEndpointId, IDEMPOTENCY_KEY], body: 'WebhookSecretRotateInput', status: 200, response: 'WebhookSecretRotation' }),
    },
    '/v1/webhook-endpoints/{id}/test': {
      post: operation({ summary: 'Queue a webhook.test event to this endpoint', params: [webhookEndpointId, IDEMPOTENCY_KEY], status: 202, response: 'WebhookDelivery' }),
    },
    '/v1/webhook-endpoints/{id}/deliveries': {
      get: operation({ summary: 'The delivery log, newest first (kept 30 days)', params: [webhookEndpointId, ...queryParameters(WebhookDeliveryQuery)], status: 200, response: 'WebhookDeliveryPage' }),
    },
    '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/retry': {
      post: operation({
        summary: 'Send a delivery again now',
        params: [webhookEndpointId, pathParameter('deliveryId', 'Delivery id (wd_…)'), IDEMPOTENCY_KEY],
        status: 202,
        response: 'WebhookDelivery',
      }),
    },
    '/v1/openapi.json': { get: operation({ summary: 'This document', status: 200, auth: false }) },
    '/healthz': { get: operation({ summary: 'Liveness', status: 200, auth: false }) },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Contacts API',
      version: '1.0.0',
      description: 'The contacts API (v1). Errors are RFC 9457 problems with a stable `code`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    webhooks: {
      contactsEvent: {
        post: {
          summary: 'An event POSTed to a webhook endpoint, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookEvent') } } },
          responses: { '2XX': { description: 'Taken; anything else is retried with backoff' } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An account secret key (sk_…) or a user session token (st_…).' },
      },
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, { schema, io }]) => [name, jsonSchema(schema, io)])),
    },
  };
}
