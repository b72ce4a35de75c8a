// What the validation stage reports: the shapes shared by the validator, the import runner, the
// worker protocol, the CLI and the widget.
import type { ColumnMapping, ColumnMappingInput } from './column-mapping.js';
import type { CsvEncoding } from './csv-text-decoder.js';
import type { CsvDelimiter } from './read-csv-rows.js';
import type { SourceFormat } from './readers/record-stream.js';

export type CsvProblemCode =
  | 'missing_name'
  | 'name_too_long'
  | 'missing_phone'
  | 'invalid_phone'
  | 'invalid_email'
  | 'duplicate_phone'
  | 'extra_cells'
  | 'control_characters'
  | 'unclosed_quote'
  | 'malformed_quotes'
  | 'header_row'
  | 'no_contacts'
  | 'mapping_required'
  | 'too_many_columns';

export type CsvProblemSeverity = 'error' | 'warning';

/** One thing wrong in the file, where a person can find it. */
export interface CsvProblem {
  /**
   * 1-based line as an editor shows it (a quoted cell with line breaks spans several); for a
   * vCard, the card's number; for a workbook, the row's number.
   */
  line: number;
  /** The column's header, or the field's name when the file has no header; null for whole-row problems. */
  column: string | null;
  /** 1-based column number, or null. */
  columnNumber: number | null;
  /** The cell as read (formula escape removed), cut to 200 characters. */
  value: string;
  code: CsvProblemCode;
  message: string;
  /** Errors stop an import (unless only valid rows are imported); warnings do not. */
  severity: CsvProblemSeverity;
}

export interface CsvValidationCounts {
  /** Physical lines read. */
  lines: number;
  /** Data rows (header and blank lines not counted). */
  rows: number;
  /** Rows with no error: what an import sends. */
  valid: number;
  /** Rows with at least one error. */
  invalid: number;
  /** Valid rows whose phone already appeared earlier in the file (the last one wins on import). */
  duplicates: number;
  blankLines: number;
  errors: number;
  warnings: number;
}

export interface CsvValidationReport {
  /** True when nothing stops the import: no errors, and at least one contact. */
  ok: boolean;
  /** What the file was read as: `line` in problems is a card number for vCard, a row number for xlsx. */
  format: SourceFormat;
  encoding: CsvEncoding;
  /** The file switched to Windows-1252 after some UTF-8: a few characters may be wrong. */
  mixedEncoding: boolean;
  delimiter: CsvDelimiter;
  /** Whether the first line was treated as a header and skipped. */
  skipFirstLine: boolean;
  /** Whether the first line looks like a header (what the "Skip first line" box should suggest). */
  headerDetected: boolean;
  /** The header's cells when the first line was skipped; else null. */
  headers: string[] | null;
  /** Which column (0-based) fed which field. */
  mapping: ColumnMapping;
  defaultCountry: string;
  counts: CsvValidationCounts;
  /** The first MAX_REPORTED_PROBLEMS problems, in file order. */
  problems: CsvProblem[];
  /** True when more problems were found than kept (all are counted in `problemCounts`). */
  problemsTruncated: boolean;
  problemCounts: Partial<Record<CsvProblemCode, number>>;
  durationMs: number;
}

export interface CsvValidationProgress {
  rows: number;
  lines: number;
  errors: number;
  /** 0..1 when the source's size is known. */
  fraction: number | null;
}

export interface ValidateContactsCsvOptions {
  /** Treat the first line as a header. Default: detected (see `headerDetected`). */
  skipFirstLine?: boolean;
  /** Overrides of the automatic column mapping. */
  columns?: ColumnMappingInput;
  /** ISO country for national numbers (the account's `defaultCountry`). */
  defaultCountry: string;
  /** Default: detected among `, ; \t |`. */
  delimiter?: CsvDelimiter;
  /** Default: detected from the first bytes (CSV, vCard or an .xlsx workbook). */
  format?: SourceFormat;
  onProgress?: (progress: CsvValidationProgress) => void;
  signal?: AbortSignal;
}

/** A row ready for `PUT /v1/imports/{id}/chunks/{index}`. */
export interface ValidContactRow {
  fullName: string;
  phone: string;
  email: string | null;
  /** Present (true) when the file's "Opted Out" column said so; an import never opts a number back in. */
  optedOut?: true;
}

export const MAX_REPORTED_PROBLEMS = 1000;
/** Wider than any contacts export (Outlook's has 92 columns): past this, the file is refused. */
export const MAX_COLUMNS = 1000;
