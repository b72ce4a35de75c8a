import { Contact, ContactPage, Job } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ContactsResource } from '../types.js';

import { paginate } from './paginate.js';

const contactPath = (id: string) => `contacts/${encodeURIComponent(id)}`;

export function createContactsResource(http: HttpClient): ContactsResource {
  const resource: ContactsResource = {
    list: (query = {}, options) =>
      http.json({ method: 'get', path: 'contacts', query: { ...query }, options }, ContactPage),
    iterate: (query = {}, options) => paginate((cursor) => resource.list({ ...query, cursor }, options)),
    get: (id, options) => http.json({ method: 'get', path: contactPath(id), options }, Contact),
    create: (input, options) => http.json({ method: 'post', path: 'contacts', body: input, options }, Contact),
    update: (id, patch, options) => http.json({ method: 'patch', path: contactPath(id), body: patch, options }, Contact),
    delete: (id, options) => http.empty({ method: 'delete', path: contactPath(id), options }),
    optOut: (id, options) => http.json({ method: 'post', path: `${contactPath(id)}/opt-out`, options }, Contact),
    sendConsentMessage: (id, options) =>
      http.json({ method: 'post', path: `${contactPath(id)}/consent-message`, options }, Contact),
    deleteAll: (options) =>
      http.json(
        { method: 'delete', path: 'contacts', query: { all: true }, headers: { Confirm: 'delete-all-contacts' }, options },
        Job,
      ),
    bulk: (input, options) => http.json({ method: 'post', path: 'contacts/bulk', body: input, options }, Job),
    export: (query = {}, options) => http.stream({ method: 'get', path: 'contacts/export', query: { ...query }, options }),
  };
  return resource;
}
