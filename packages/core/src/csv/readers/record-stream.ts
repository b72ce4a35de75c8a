import type { CsvEncoding } from '../csv-text-decoder.js';
import type { CsvDelimiter, CsvRowBatch } from '../read-csv-rows.js';

/** The formats a contacts file can come in. Each has a reader that turns it into records. */
export type SourceFormat = 'csv' | 'vcard' | 'xlsx';

/** Rows of text cells, with the line (CSV), card (vCard) or row (workbook) number of each. */
export type RecordBatch = CsvRowBatch;

/**
 * What every reader produces from a source: the same stream of raw records, so mapping,
 * validation and upload never know which format the file was in.
 */
export interface RecordStream {
  format: SourceFormat;
  /**
   * Column names the format itself defines (a vCard's properties), or null when the first row
   * may be a header (CSV, workbooks): then header detection and "Skip first line" apply.
   */
  header: string[] | null;
  batches: AsyncIterable<RecordBatch>;
  encoding(): CsvEncoding;
  mixedEncoding(): boolean;
  /** The CSV delimiter in use (',' for the other formats). */
  delimiter(): CsvDelimiter;
  /** Bytes (or characters, for text) read so far: for progress against the source's size. */
  bytesRead(): number;
}

export interface OpenRecordsOptions {
  /** Default: detected from the first bytes (a zip is a workbook, `BEGIN:VCARD` a vCard). */
  format?: SourceFormat;
  /** CSV only. Default: detected among `, ; \t |`. */
  delimiter?: CsvDelimiter;
  signal?: AbortSignal;
  /** Text formats only: stop reading after this many bytes (a preview of the top of a file). */
  maxBytes?: number;
}
