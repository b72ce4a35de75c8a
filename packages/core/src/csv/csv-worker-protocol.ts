import type { ColumnMappingInput } from './column-mapping.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import type { CsvValidationProgress, CsvValidationReport } from './validate-contacts-csv.js';

/** Messages between `validateContactsCsvInWorker` and the module worker `csv-worker.js`. */
export interface WorkerValidateRequest {
  type: 'validate';
  source: string | Blob | ReadableStream<Uint8Array>;
  options: {
    skipFirstLine?: boolean;
    columns?: ColumnMappingInput;
    defaultCountry: string;
    delimiter?: CsvDelimiter;
  };
}
export interface WorkerAbortRequest {
  type: 'abort';
}
export type WorkerRequest = WorkerValidateRequest | WorkerAbortRequest;

export type WorkerResponse =
  | { type: 'progress'; progress: CsvValidationProgress }
  | { type: 'done'; report: CsvValidationReport }
  | { type: 'error'; error: { name: string; code: string; message: string } };
