import { Contact, ContactPage, Job } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ContactExportParams, ContactsResource, RequestOptions } from '../types.js';

import { paginate } from './paginate.js';

const contactPath = (id: string) => `contacts/${encodeURIComponent(id)}`;

/** The server's limit of ids per export request. */
const EXPORT_IDS_PER_REQUEST = 200;
const NEWLINE = 0x0a;

/**
 * One CSV stream for any number of ids: the selection goes in requests of ≤ 200 ids, one after
 * the other, and each answer after the first loses its header row (up to its first newline:
 * the header's names hold none).
 */
async function exportContacts(
  http: HttpClient,
  query: ContactExportParams,
  options: RequestOptions | undefined,
): Promise<ReadableStream<Uint8Array>> {
  const { ids, ...filters } = query;
  const idList = typeof ids === 'string' ? ids.split(',').filter(Boolean) : ids ? [...ids] : null;
  const request = (idsPart?: readonly string[]) =>
    http.stream({
      method: 'get',
      path: 'contacts/export',
      query: { ...filters, ...(idsPart ? { ids: idsPart.join(',') } : {}) },
      options,
    });
  if (!idList || idList.length <= EXPORT_IDS_PER_REQUEST) return request(idList ?? undefined);

  const batches: string[][] = [];
  for (let start = 0; start < idList.length; start += EXPORT_IDS_PER_REQUEST)
    batches.push(idList.slice(start, start + EXPORT_IDS_PER_REQUEST));
  // The first request is made now, so a refusal (403, 422) rejects this call as for one batch.
  let reader: ReadableStreamDefaultReader<Uint8Array> = (await request(batches[0])).getReader();
  let batch = 0;
  let skippingHeader = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          batch += 1;
          if (batch === batches.length) {
            controller.close();
            return;
          }
          reader = (await request(batches[batch])).getReader();
          skippingHeader = true;
          continue;
        }
        let chunk = value;
        if (skippingHeader) {
          const end = chunk.indexOf(NEWLINE);
          if (end === -1) continue;
          skippingHeader = false;
          chunk = chunk.subarray(end + 1);
          if (chunk.length === 0) continue;
        }
        controller.enqueue(chunk);
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

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
    export: (query = {}, options) => exportContacts(http, query, options),
  };
  return resource;
}
