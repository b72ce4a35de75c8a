/** Why a CSV file could not be read at all (as opposed to row problems, which go in the report). */
export type CsvErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'spreadsheet_file'
  | 'field_too_large'
  /** A workbook larger than a browser can unzip safely, or a row wider than any contacts file. */
  | 'file_too_large'
  | 'too_many_columns'
  | 'unsupported_source'
  | 'mapping_required'
  | 'read_failed'
  /** The CSV worker could not start or died (e.g. a CSP without worker-src): validate in this thread instead. */
  | 'worker_failed';

/** A file-level failure: the file cannot be read as CSV. Carries a stable `code` and a sentence for people. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly code: CsvErrorCode;
  constructor(code: CsvErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
