import {
  detectHeaderRow,
  guessMappingFromContent,
  suggestColumnMapping,
  type ColumnMapping,
} from './column-mapping.js';
import { openCsvText, type CsvSource } from './csv-source.js';
import type { CsvEncoding } from './csv-text-decoder.js';
import { readCsvRows, type CsvDelimiter } from './read-csv-rows.js';

/** What the import dialog shows before validation: the first rows, the header guess, the mapping guess. */
export interface CsvPreview {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Suggest ticking "Skip first line". */
  headerDetected: boolean;
  /** The first line's cells when it looks like a header. */
  headers: string[] | null;
  suggestedMapping: ColumnMapping;
  /** Up to `rows` rows from the top, header included. */
  rows: string[][];
}

/** Reads only the top of the source (a few rows), for the column mapping step. */
export async function inspectCsv(
  source: CsvSource,
  options: { rows?: number; delimiter?: CsvDelimiter; signal?: AbortSignal } = {},
): Promise<CsvPreview> {
  const wanted = options.rows ?? 20;
  const text = openCsvText(source);
  let delimiter: CsvDelimiter = options.delimiter ?? ',';
  const rows: string[][] = [];
  const iterator = readCsvRows(text.chunks, {
    delimiter: options.delimiter,
    signal: options.signal,
    onDelimiter: (used) => (delimiter = used),
  });
  for await (const batch of iterator) {
    for (const row of batch.rows) {
      if (row.length === 1 && row[0]!.trim() === '') continue;
      rows.push(row);
      if (rows.length >= wanted) break;
    }
    if (rows.length >= wanted) break;
  }
  const headerDetected = rows.length > 0 && detectHeaderRow(rows[0]!, rows.slice(1));
  const headers = headerDetected ? rows[0]!.map((cell) => cell.trim()) : null;
  return {
    encoding: text.encoding(),
    delimiter,
    headerDetected,
    headers,
    suggestedMapping: headers ? suggestColumnMapping(headers) : guessMappingFromContent(rows),
    rows,
  };
}
