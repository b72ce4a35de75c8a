// The mapping stage, once per file: is the first record a header, which column feeds which
// field, and the ContactRowMapper that applies that to every record.
import {
  detectHeaderRow,
  guessMappingFromContent,
  resolveColumnMapping,
  suggestColumnMapping,
  type ColumnMapping,
  type ColumnMappingInput,
} from './column-mapping.js';
import { ContactRowMapper } from './contact-row-mapper.js';
import { MAX_COLUMNS } from './csv-validation-types.js';
import { detach } from './problem-log.js';

export interface MapColumnsOptions {
  /** The user's "Skip first line"; default: what header detection says. */
  skipFirstLine?: boolean | undefined;
  /** The user's choice of columns, over the suggested ones. */
  columns?: ColumnMappingInput | undefined;
}

export interface MappedColumns {
  /** Whether the first record looks like a header (what "Skip first line" should suggest). */
  headerDetected: boolean;
  skipFirstLine: boolean;
  /** The header's cells (the first record when skipped, or the format's own names); else null. */
  headers: string[] | null;
  /** Which column fed which field: the suggestion when the mapping failed. */
  mapping: ColumnMapping;
  /** Set when no contact can be read with this mapping: a file-level problem. */
  error: { code: 'mapping_required' | 'too_many_columns'; message: string } | null;
  /** Applies the mapping to a record (null when `error`). */
  mapper: ContactRowMapper | null;
  /** Cells a record should have: more, with text, is an `extra_cells` problem. */
  expectedWidth: number;
}

/**
 * Maps the file's columns from its first records (up to 50). `formatHeader` is the column
 * names a format defines itself (a vCard's properties): then every record is a contact.
 */
export function mapColumns(
  firstRows: readonly string[][],
  formatHeader: string[] | null,
  options: MapColumnsOptions,
): MappedColumns {
  const firstRow = firstRows[0] ?? [];
  let headerDetected: boolean;
  let skipFirstLine = false;
  let headers: string[] | null = null;
  if (formatHeader) {
    headers = formatHeader;
    headerDetected = true;
  } else {
    headerDetected = detectHeaderRow(firstRow, firstRows.slice(1, 21));
    skipFirstLine = options.skipFirstLine ?? headerDetected;
    if (skipFirstLine)
      headers = firstRow.length > MAX_COLUMNS ? null : firstRow.map((cell) => detach(cell.trim()));
  }
  const failed = (
    code: 'mapping_required' | 'too_many_columns',
    message: string,
    mapping: ColumnMapping,
  ): MappedColumns => ({
    headerDetected,
    skipFirstLine,
    headers,
    mapping,
    error: { code, message },
    mapper: null,
    expectedWidth: 0,
  });
  if (firstRow.length > MAX_COLUMNS) {
    return failed(
      'too_many_columns',
      `The first line has ${firstRow.length.toLocaleString('en-US')} columns; a contacts file has at most ${MAX_COLUMNS.toLocaleString('en-US')}. This is probably not a contacts file, or its separator is wrong.`,
      {},
    );
  }
  const suggested = headers
    ? suggestColumnMapping(headers)
    : guessMappingFromContent(firstRows.slice(0, 50));
  const resolved = resolveColumnMapping(suggested, options.columns, headers);
  if (!resolved.ok) return failed('mapping_required', resolved.message, suggested);
  const mapping = resolved.mapping;
  // A column the caller named explicitly is the only one read for its field; the suggested
  // one (even when named again, as the widget does) keeps the other candidates as fallbacks.
  const chosen = (field: 'phone' | 'email'): boolean =>
    !options.columns || !(field in options.columns) || mapping[field] === suggested[field];
  return {
    headerDetected,
    skipFirstLine,
    headers,
    mapping,
    error: null,
    mapper: new ContactRowMapper(mapping, headers, {
      phone: chosen('phone'),
      email: chosen('email'),
    }),
    expectedWidth: headers ? headers.length : Math.max(...Object.values(mapping)) + 1,
  };
}
