import * as z from 'zod/mini';
import { Me } from '../schema/index.js';
import { createHttpClient, isNodeRuntime } from './http-client.js';
import { createChangesResource } from './resources/changes.js';
import { createContactsResource } from './resources/contacts.js';
import { createImportsResource } from './resources/imports.js';
import { createInboundMessagesResource } from './resources/inbound-messages.js';
import { createJobsResource } from './resources/jobs.js';
import { createListsResource } from './resources/lists.js';
import { createSessionsResource } from './resources/sessions.js';
import { createUsersResource } from './resources/users.js';
import { createWebhookEndpointsResource } from './resources/webhook-endpoints.js';
import type { ContactsClient, ContactsClientOptions } from './types.js';

let zodConfigured = false;

/**
 * zod 4 compiles object parsers with `new Function` unless told not to, which a strict CSP
 * (no `unsafe-eval`) reports as a violation. Outside Node the client switches zod to its
 * jitless mode, once, when the first client is created (never at import time, so the
 * module stays free of side effects).
 */
function configureZodForRuntime(): void {
  if (zodConfigured) return;
  zodConfigured = true;
  if (!isNodeRuntime()) z.config({ jitless: true });
}

/**
 * Creates the typed client of the contacts API.
 *
 * @example
 * const cm = createContactsClient({ baseUrl: 'http://127.0.0.1:8787', token: process.env.CONTACTS_SECRET_KEY });
 * const page = await cm.contacts.list({ q: 'ada', limit: 20 });
 */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  configureZodForRuntime();
  const http = createHttpClient(options);
  const client: ContactsClient = {
    baseUrl: http.apiBaseUrl,
    me: (requestOptions) => http.json({ method: 'get', path: 'me', options: requestOptions }, Me),
    contacts: createContactsResource(http),
    lists: createListsResource(http),
    imports: createImportsResource(http, () => client),
    jobs: createJobsResource(http),
    changes: createChangesResource(http),
    sessions: createSessionsResource(http),
    users: createUsersResource(http),
    inboundMessages: createInboundMessagesResource(http),
    webhookEndpoints: createWebhookEndpointsResource(http),
  };
  return client;
}
