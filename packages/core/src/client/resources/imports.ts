import { Import, ImportChunkResult, Job } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ImportsResource } from '../types.js';


const importPath = (id: string) => `imports/${encodeURIComponent(id)}`;

export function createImportsResource(http: HttpClient): ImportsResource {
  return {
    create: (input = {}, options) => http.json({ method: 'post', path: 'imports', body: input, options }, Import),
    // PUT of a chunk is idempotent (re-sending an index replaces it), so it is retried freely.
    putChunk: (importId, index, chunk, options) =>
      http.json({ method: 'put', path: `${importPath(importId)}/chunks/${index}`, body: chunk, options }, ImportChunkResult),
    commit: (importId, options) => http.json({ method: 'post', path: `${importPath(importId)}/commit`, options }, Job),
    get: (importId, options) => http.json({ method: 'get', path: importPath(importId), options }, Import),
    abort: (importId, options) => http.empty({ method: 'delete', path: importPath(importId), options }),
  };
}
