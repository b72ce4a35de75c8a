import { ChangesPage } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ChangesResource } from '../types.js';

export function createChangesResource(http: HttpClient): ChangesResource {
  return {
    list: (query = {}, options) => http.json({ method: 'get', path: 'changes', query: { ...query }, options }, ChangesPage),
  };
}
