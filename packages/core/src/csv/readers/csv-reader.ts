import { decodeTextChunks } from '../csv-source.js';
import { readCsvRows, type CsvDelimiter } from '../read-csv-rows.js';
import type { OpenRecordsOptions, RecordStream } from './record-stream.js';

/** CSV (and TSV, pasted text): decoded, line endings normalized, parsed by papaparse. */
export function readCsvRecords(
  raw: AsyncIterable<Uint8Array | string>,
  isText: boolean,
  options: OpenRecordsOptions,
): RecordStream {
  const text = decodeTextChunks(raw, isText);
  let delimiter: CsvDelimiter = options.delimiter ?? ',';
  return {
    format: 'csv',
    header: null,
    batches: readCsvRows(text.chunks, {
      delimiter: options.delimiter,
      signal: options.signal,
      onDelimiter: (used) => (delimiter = used),
    }),
    encoding: text.encoding,
    mixedEncoding: text.mixedEncoding,
    delimiter: () => delimiter,
    bytesRead: text.bytesRead,
  };
}
