import { Session } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { SessionsResource } from '../types.js';

export function createSessionsResource(http: HttpClient): SessionsResource {
  return {
    create: (input, options) => http.json({ method: 'post', path: 'sessions', body: input, options }, Session),
  };
}
