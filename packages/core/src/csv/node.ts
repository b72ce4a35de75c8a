// `@contacts-manager/core/csv/node`: the Node-only parts of the CSV pipeline (files on disk).
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { FileImportStateStore, importStatePathFor } from '../import/file-import-state-store.js';
import type { CsvSourceProvider } from './csv-source.js';
import {
  validateContactsCsv,
  type CsvValidationReport,
  type ValidateContactsCsvOptions,
} from './validate-contacts-csv.js';

export * from './index.js';
export { FileImportStateStore, importStatePathFor };
export {
  runImport,
  type ImportProgress,
  type ImportResult,
  type RunImportOptions,
} from '../import/run-import.js';

const READ_SIZE = 1 << 20;

/** A CSV file on disk as a source that can be read again (validation, then upload, then a resume). */
export function csvFile(path: string): CsvSourceProvider {
  const absolute = resolve(path);
  const stats = statSync(absolute);
  return {
    name: basename(absolute),
    size: stats.size,
    lastModified: Math.trunc(stats.mtimeMs),
    statePath: importStatePathFor(absolute),
    stateStore: new FileImportStateStore(),
    open: () => createReadStream(absolute, { highWaterMark: READ_SIZE }),
  };
}

/** validateContactsCsv for a file path. */
export function validateContactsCsvFile(
  path: string,
  options: ValidateContactsCsvOptions,
): Promise<CsvValidationReport> {
  return validateContactsCsv(csvFile(path), options);
}
