import { Import, ImportChunkResult, Job } from '../../schema/index.js';
import type { HttpClient } from '../http-client.js';
import type { ContactsClient, ImportsResource } from '../types.js';


const importPath = (id: string) => `imports/${encodeURIComponent(id)}`;

export function createImportsResource(http: HttpClient, client: () => ContactsClient): ImportsResource {
  return {
    create: (input = {}, options) => http.json({ method: 'post', path: 'imports', body: input, options }, Import),
    // PUT of a chunk is idempotent (re-sending an index replaces it), so it is retried freely.
    putChunk: (importId, index, chunk, options) =>
      http.json({ method: 'put', path: `${importPath(importId)}/chunks/${index}`, body: chunk, options }, ImportChunkResult),
    commit: (importId, options) => http.json({ method: 'post', path: `${importPath(importId)}/commit`, options }, Job),
    get: (importId, options) => http.json({ method: 'get', path: importPath(importId), options }, Import),
    abort: (importId, options) => http.empty({ method: 'delete', path: importPath(importId), options }),
    // The CSV pipeline is loaded on first use only: it stays out of the main entry's size budget.
    run: async (source, options) => {
      const { runImport } = await import('../../import/run-import.js');
      return runImport(client(), source, options);
    },
  };
}
