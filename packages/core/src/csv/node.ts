// `@contacts-manager/core/csv/node`: the Node-only parts of the CSV pipeline (files on disk).
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileImportStateStore, importStatePathFor } from '../import/file-import-state-store.js';
import type { CsvSource, CsvSourceProvider } from './csv-source.js';
import { inspectCsv as inspectCsvSource, type CsvPreview } from './inspect-csv.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import {
  validateContactsCsv as validateCsvSource,
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

/**
 * 256 KB reads. With 1 MB ones, each read's buffer and decoded text (large objects to V8) were
 * usually still alive at a garbage collection, so were promoted and stayed until the next full
 * one: the 1M-row validation peaked at 160-200 MB RSS; with 256 KB, at about 130 MB, same speed.
 */
const READ_SIZE = 1 << 18;

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

const PATH_LIKE = /^[^\n\r]*\.(csv|tsv|txt|vcf|vcard|xlsx)$/i;

/** A `file:` URL, or a one-line string ending in .csv, .tsv, .txt, .vcf, .vcard or .xlsx, is a file; anything else is itself. */
export function toNodeCsvSource(source: CsvSource | URL): CsvSource {
  if (source instanceof URL) {
    if (source.protocol !== 'file:')
      throw new TypeError(`Only file: URLs can be read, not ${source.protocol}`);
    return csvFile(fileURLToPath(source));
  }
  return typeof source === 'string' && PATH_LIKE.test(source.trim())
    ? csvFile(source.trim())
    : source;
}

/** validateContactsCsv that also takes a file path or `file:` URL (this entry is Node's). */
export function validateContactsCsv(
  source: CsvSource | URL,
  options: ValidateContactsCsvOptions,
): Promise<CsvValidationReport> {
  return validateCsvSource(toNodeCsvSource(source), options);
}

/** inspectCsv that also takes a file path or `file:` URL. */
export function inspectCsv(
  source: CsvSource | URL,
  options: { rows?: number; delimiter?: CsvDelimiter; signal?: AbortSignal } = {},
): Promise<CsvPreview> {
  return inspectCsvSource(toNodeCsvSource(source), options);
}

/** validateContactsCsv for a file path. */
export function validateContactsCsvFile(
  path: string,
  options: ValidateContactsCsvOptions,
): Promise<CsvValidationReport> {
  return validateCsvSource(csvFile(path), options);
}
