import { ContactList, ListPage } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ListsResource } from '../types.js';
import { paginate } from './paginate.js';

const listPath = (id: string) => `lists/${encodeURIComponent(id)}`;

export function createListsResource(http: HttpClient): ListsResource {
  const resource: ListsResource = {
    list: (query = {}, options) => http.json({ method: 'get', path: 'lists', query: { ...query }, options }, ListPage),
    iterate: (query = {}, options) => paginate((cursor) => resource.list({ ...query, cursor }, options)),
    create: (input, options) => http.json({ method: 'post', path: 'lists', body: input, options }, ContactList),
    update: (id, patch, options) => http.json({ method: 'patch', path: listPath(id), body: patch, options }, ContactList),
    delete: (id, options) => http.empty({ method: 'delete', path: listPath(id), options }),
  };
  return resource;
}
