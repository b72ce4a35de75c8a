import {
  detectHeaderRow,
  guessMappingFromContent,
  suggestColumnMapping,
  type ColumnMapping,
} from './column-mapping.js';
import type { CsvSource } from './csv-source.js';
import type { CsvEncoding } from './csv-text-decoder.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import { openRecords } from './readers/open-records.js';
import type { SourceFormat } from './readers/record-stream.js';
import { MAX_COLUMNS } from './csv-validation-types.js';

/** Columns a preview carries (a mapping step shows no more); the file may have up to MAX_COLUMNS. */
export const MAX_PREVIEW_COLUMNS = 100;
/** A preview cell is cut here: enough to recognise a column, never a 10 MB field. */
export const MAX_PREVIEW_CELL = 200;
/** Text a CSV or vCard preview reads at most: a few rows need far less. */
const MAX_PREVIEW_BYTES = 4 * 1024 * 1024;

/** What the import dialog shows before validation: the first rows, the header guess, the mapping guess. */
export interface CsvPreview {
  format: SourceFormat;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Suggest ticking "Skip first line" (always true for vCard: its columns are named). */
  headerDetected: boolean;
  /** False for vCards: there is no first line to skip. */
  canSkipFirstLine: boolean;
  /** The first line's cells when it looks like a header (cut to MAX_PREVIEW_COLUMNS). */
  headers: string[] | null;
  suggestedMapping: ColumnMapping;
  /** Up to `rows` rows from the top, header included; at most MAX_PREVIEW_COLUMNS cells each, cut to MAX_PREVIEW_CELL characters. */
  rows: string[][];
  /** The widest row's cell count, before any cut. */
  columnCount: number;
  /** More than MAX_COLUMNS columns: the file is refused. */
  tooManyColumns: boolean;
}

function cutCell(value: string): string {
  return value.length > MAX_PREVIEW_CELL ? ` ${value.slice(0, MAX_PREVIEW_CELL)}…`.slice(1) : value;
}

/** Reads only the top of the source (a few rows, a few MB at most), for the column mapping step. */
export async function inspectCsv(
  source: CsvSource,
  options: { rows?: number; delimiter?: CsvDelimiter; signal?: AbortSignal } = {},
): Promise<CsvPreview> {
  const wanted = options.rows ?? 20;
  const records = await openRecords(source, {
    delimiter: options.delimiter,
    signal: options.signal,
    maxBytes: MAX_PREVIEW_BYTES,
  });
  const full: string[][] = [];
  let columnCount = 0;
  for await (const batch of records.batches) {
    for (const row of batch.rows) {
      if (row.length === 1 && row[0]!.trim() === '') continue;
      columnCount = Math.max(columnCount, row.length);
      // Only the mapped-to-be columns are kept: a million-column row is not copied around.
      full.push(row.length > MAX_COLUMNS ? row.slice(0, MAX_COLUMNS) : row);
      if (full.length >= wanted) break;
    }
    if (full.length >= wanted) break;
  }
  const tooManyColumns = columnCount > MAX_COLUMNS;
  const fixedHeader = records.header;
  const headerDetected =
    fixedHeader !== null || (full.length > 0 && detectHeaderRow(full[0]!, full.slice(1)));
  const headerCells = fixedHeader ?? (headerDetected ? full[0]!.map((cell) => cell.trim()) : null);
  const suggestedMapping = tooManyColumns
    ? {}
    : headerCells
      ? suggestColumnMapping(headerCells)
      : guessMappingFromContent(full);
  const rows = (fixedHeader ? [fixedHeader, ...full] : full).map((row) =>
    row.slice(0, MAX_PREVIEW_COLUMNS).map(cutCell),
  );
  return {
    format: records.format,
    encoding: records.encoding(),
    delimiter: records.delimiter(),
    headerDetected,
    canSkipFirstLine: fixedHeader === null,
    headers: headerCells ? headerCells.slice(0, MAX_PREVIEW_COLUMNS).map(cutCell) : null,
    suggestedMapping: Object.fromEntries(
      Object.entries(suggestedMapping).filter(([, index]) => index < MAX_PREVIEW_COLUMNS),
    ),
    rows,
    columnCount: Math.max(columnCount, fixedHeader?.length ?? 0),
    tooManyColumns,
  };
}
