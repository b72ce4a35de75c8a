import { User, UserPage } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { UsersResource } from '../types.js';

export function createUsersResource(http: HttpClient): UsersResource {
  return {
    list: (options) => http.json({ method: 'get', path: 'users', options }, UserPage),
    create: (input, options) => http.json({ method: 'post', path: 'users', body: input, options }, User),
    update: (id, patch, options) =>
      http.json({ method: 'patch', path: `users/${encodeURIComponent(id)}`, body: patch, options }, User),
  };
}
