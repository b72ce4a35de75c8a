import type { ColumnMappingInput } from './column-mapping.js';
import type { CsvPreview } from './inspect-csv.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import type {
  CsvValidationProgress,
  CsvValidationReport,
  ValidContactRow,
} from './validate-contacts-csv.js';

/** Messages between the main thread (`validateContactsCsvInWorker`, `scanContactsCsvInWorker`) and the module worker `csv-worker.js`. */
export interface WorkerValidateRequest {
  /** `validate`: the report only. `scan`: the report, then the valid rows on request (`rows`). */
  type: 'validate' | 'scan';
  source: string | Blob | ReadableStream<Uint8Array>;
  options: {
    skipFirstLine?: boolean;
    columns?: ColumnMappingInput;
    defaultCountry: string;
    delimiter?: CsvDelimiter;
  };
}
/** Reads the top of the file for the mapping step (bounded: a few rows, a few MB). */
export interface WorkerInspectRequest {
  type: 'inspect';
  source: string | Blob | ReadableStream<Uint8Array>;
  options: { rows?: number; delimiter?: CsvDelimiter };
}
export interface WorkerAbortRequest {
  type: 'abort';
}
/** After a `scan`: send the next batch of valid rows (the worker kept them; the file is not read again). */
export interface WorkerRowsRequest {
  type: 'rows';
}
export type WorkerRequest =
  WorkerValidateRequest | WorkerInspectRequest | WorkerAbortRequest | WorkerRowsRequest;

export type WorkerResponse =
  | { type: 'progress'; progress: CsvValidationProgress }
  | { type: 'done'; report: CsvValidationReport; validRowsHash: number }
  | { type: 'preview'; preview: CsvPreview }
  | { type: 'rows'; rows: ValidContactRow[]; lines: number[]; done: boolean }
  | { type: 'error'; error: { name: string; code: string; message: string } };
