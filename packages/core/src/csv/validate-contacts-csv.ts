import * as z from 'zod/mini';
import {
  FIELD_LABELS,
  detectHeaderRow,
  guessMappingFromContent,
  resolveColumnMapping,
  suggestColumnMapping,
  type ColumnMapping,
  type ColumnMappingInput,
  type ContactField,
} from './column-mapping.js';
import { CsvError } from './csv-error.js';
import { describeSource, type CsvSource } from './csv-source.js';
import { ContactRowMapper, newPickedValue } from './contact-row-mapper.js';
import { unescapeFormulaCell } from './formula-escape.js';
import { openRecords } from './readers/open-records.js';
import type { SourceFormat } from './readers/record-stream.js';
import type { CsvEncoding } from './csv-text-decoder.js';
import { createPhoneNormalizer } from '../phone/fast-phone-normalizer.js';
import { PhoneIndex } from './phone-index.js';
import { throwIfAborted, type CsvDelimiter } from './read-csv-rows.js';

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
const MAX_NAME_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
const MAX_VALUE_LENGTH = 200;
const EMAIL = z.regexes.email;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const PROGRESS_INTERVAL_MS = 100;

export { unescapeFormulaCell };

/** The digits of an E.164 number as a number (exact: at most 15 digits). */
function phoneKey(e164: string): number {
  let key = 0;
  for (let index = 1; index < e164.length; index++) key = key * 10 + e164.charCodeAt(index) - 48;
  return key;
}

function cut(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/** Folds a string into a 32-bit FNV-1a hash (the runner's fingerprint of what it uploads). */
function hashString(hash: number, text: string): number {
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return Math.imul(hash ^ 0x1f, 16777619);
}

export interface ScanHooks {
  /**
   * Called after each parsed batch with its rows that have no error, in file order, and the
   * line each starts on. Awaited: a slow consumer (an upload) pauses the reading.
   */
  onValidRows?: (rows: ValidContactRow[], lines: number[]) => void | Promise<void>;
}

export interface ScanResult {
  report: CsvValidationReport;
  /** A hash of the valid rows, in order: two reads of one file give the same value. */
  validRowsHash: number;
}

/**
 * Reads the whole file once, streamed, and checks every row: required fields, E.164 phone with
 * the default country, email syntax, duplicates in the file, file structure. Nothing is sent
 * anywhere. Throws CsvError only when the file cannot be read as CSV at all (binary data,
 * a spreadsheet, a runaway quote); everything else is in the report.
 */
export async function validateContactsCsv(
  source: CsvSource,
  options: ValidateContactsCsvOptions,
): Promise<CsvValidationReport> {
  return (await scanContactsCsv(source, options)).report;
}

export async function scanContactsCsv(
  source: CsvSource,
  options: ValidateContactsCsvOptions,
  hooks: ScanHooks = {},
): Promise<ScanResult> {
  const startedAt = Date.now();
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const defaultCountry = options.defaultCountry.toUpperCase();
  const normalize = createPhoneNormalizer(defaultCountry);
  // Stage 1: a reader turns the source (CSV, vCard, workbook) into raw records.
  const records = await openRecords(source, {
    delimiter: options.delimiter,
    signal,
    ...(options.format ? { format: options.format } : {}),
  });
  const sourceSize = describeSource(source).size;

  const counts: CsvValidationCounts = {
    lines: 0,
    rows: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    blankLines: 0,
    errors: 0,
    warnings: 0,
  };
  const problems: CsvProblem[] = [];
  const problemCounts: Partial<Record<CsvProblemCode, number>> = {};
  // Sized for the file up front (two slots per ~40-byte row, at most 4M slots), so it rarely grows.
  const expectedRows = Math.min(1 << 21, Math.max(1 << 15, (sourceSize ?? 0) / 40));
  const firstLineOfPhone = new PhoneIndex(2 ** Math.round(Math.log2(expectedRows * 2)));
  let validRowsHash = 0x811c9dc5;

  let started = false;
  let skipFirstLine = false;
  let headerDetected = false;
  let headers: string[] | null = null;
  let mapping: ColumnMapping = {};
  let mapper: ContactRowMapper | null = null;
  let expectedWidth = 0;
  let lastProgressAt = 0;
  const phonePick = newPickedValue();
  const emailPick = newPickedValue();
  let e164: string | null = null;
  const usablePhone = (value: string): boolean => (e164 = normalize.e164(value)) !== null;
  const usableEmail = (value: string): boolean =>
    value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);

  const addProblem = (
    line: number,
    columnIndex: number | null,
    field: ContactField | null,
    value: string,
    code: CsvProblemCode,
    severity: CsvProblemSeverity,
    message: () => string,
  ): void => {
    problemCounts[code] = (problemCounts[code] ?? 0) + 1;
    if (severity === 'error') counts.errors++;
    else counts.warnings++;
    if (problems.length >= MAX_REPORTED_PROBLEMS) return;
    const column =
      columnIndex === null
        ? null
        : headers?.[columnIndex]?.trim() ||
          (field ? FIELD_LABELS[field] : `Column ${columnIndex + 1}`);
    problems.push({
      line,
      column: column === null ? null : detach(cut(column)),
      columnNumber: columnIndex === null ? null : columnIndex + 1,
      value: detach(cut(value)),
      code,
      message: message(),
      severity,
    });
  };

  const buildReport = (): CsvValidationReport => ({
    ok: counts.errors === 0 && counts.valid > 0,
    format: records.format,
    encoding: records.encoding(),
    mixedEncoding: records.mixedEncoding(),
    delimiter: records.delimiter(),
    skipFirstLine,
    headerDetected,
    headers,
    mapping,
    defaultCountry,
    counts,
    problems,
    problemsTruncated: counts.errors + counts.warnings > problems.length,
    problemCounts,
    durationMs: Date.now() - startedAt,
  });

  let mappingError: { code: 'mapping_required' | 'too_many_columns'; message: string } | null =
    null;

  for await (const batch of records.batches) {
    const { rows, lines } = batch;
    let first = 0;
    if (!started) {
      started = true;
      const firstRow = rows[0] ?? [];
      if (records.header) {
        // The format names its own columns (vCard): every record is a contact.
        headers = records.header;
        headerDetected = true;
      } else {
        headerDetected = detectHeaderRow(firstRow, rows.slice(1, 21));
        skipFirstLine = options.skipFirstLine ?? headerDetected;
        if (skipFirstLine) {
          headers = firstRow.length > MAX_COLUMNS ? null : firstRow.map((h) => detach(h.trim()));
          first = 1;
        }
      }
      // Stage 2: mapping. Columns to fields, then (per row) ContactRowMapper.
      if (firstRow.length > MAX_COLUMNS) {
        mappingError = {
          code: 'too_many_columns',
          message: `The first line has ${firstRow.length.toLocaleString('en-US')} columns; a contacts file has at most ${MAX_COLUMNS.toLocaleString('en-US')}. This is probably not a contacts file, or its separator is wrong.`,
        };
        break;
      }
      const suggested = headers
        ? suggestColumnMapping(headers)
        : guessMappingFromContent(rows.slice(0, 50));
      const resolved = resolveColumnMapping(suggested, options.columns, headers);
      if (!resolved.ok) {
        mappingError = { code: 'mapping_required', message: resolved.message };
        mapping = suggested;
        break;
      }
      mapping = resolved.mapping;
      // A column the caller named explicitly is the only one read for its field; the suggested
      // one (even when named again, as the widget does) keeps the other candidates as fallbacks.
      const chosen = (field: 'phone' | 'email'): boolean =>
        !options.columns ||
        !(field in options.columns) ||
        resolved.mapping[field] === suggested[field];
      mapper = new ContactRowMapper(mapping, headers, {
        phone: chosen('phone'),
        email: chosen('email'),
      });
      expectedWidth = headers ? headers.length : Math.max(...Object.values(mapping)) + 1;
    }
    const rowMapper = mapper!;
    for (const problem of batch.structureProblems) {
      addProblem(problem.line, null, null, '', problem.code, 'error', () =>
        problem.code === 'unclosed_quote'
          ? 'A quote (") opened on this line is never closed, so the rest of the file was read as one cell. Close the quote or remove it.'
          : 'A quote (") in this row is misplaced: a quoted cell must end with a quote right before the separator. The row may be split wrongly.',
      );
    }
    const checkControl = batch.mayHoldControlCharacters;
    const validRows: ValidContactRow[] = [];
    const validLines: number[] = [];
    const nameIndex = mapping.fullName ?? mapping.firstName ?? mapping.lastName;
    const phoneIndex = mapping.phone;
    const delimiter = records.delimiter();

    // Stage 3: validation.
    for (let index = first; index < rows.length; index++) {
      const row = rows[index]!;
      const line = lines[index]!;
      // Blank lines (and rows of empty cells, as spreadsheets leave them) are not contacts.
      if (row.length === 1 ? row[0]!.trim() === '' : isBlankRow(row, nameIndex, phoneIndex)) {
        counts.blankLines++;
        continue;
      }
      counts.rows++;
      const errorsBefore = counts.errors;

      if (line === 1 && !skipFirstLine && headerDetected && !records.header) {
        addProblem(
          line,
          null,
          null,
          row.join(', '),
          'header_row',
          'error',
          () =>
            'This first line looks like a header (column names), not a contact. Tick "Skip first line".',
        );
        counts.invalid++;
        continue;
      }

      if (row.length > expectedWidth) {
        let extra = false;
        for (let cellIndex = expectedWidth; cellIndex < row.length; cellIndex++)
          if (row[cellIndex]!.trim() !== '') extra = true;
        if (extra) {
          addProblem(
            line,
            null,
            null,
            row.slice(0, 50).join(batchDelimiterLabel(delimiter)),
            'extra_cells',
            'error',
            () =>
              `This row has ${row.length} cells where ${expectedWidth} are expected. A name or value holding a "${delimiterName(delimiter)}" must be in quotes.`,
          );
        }
      }

      const fullName = rowMapper.name(row);
      const nameColumn = rowMapper.nameColumn();
      if (fullName === '') {
        addProblem(
          line,
          nameColumn,
          mapping.fullName !== undefined ? 'fullName' : 'firstName',
          '',
          'missing_name',
          'error',
          () => 'The name is empty. Every contact needs a name.',
        );
      } else if (fullName.length > MAX_NAME_LENGTH) {
        addProblem(
          line,
          nameColumn,
          'fullName',
          fullName,
          'name_too_long',
          'error',
          () =>
            `The name has ${fullName.length} characters; at most ${MAX_NAME_LENGTH} are allowed.`,
        );
      } else if (checkControl && CONTROL_CHARACTERS.test(fullName)) {
        addProblem(
          line,
          nameColumn,
          'fullName',
          fullName,
          'control_characters',
          'error',
          () => 'The name holds invisible control characters (such as NUL). Retype it.',
        );
      }

      e164 = null;
      const hasPhone = rowMapper.phone(row, usablePhone, phonePick);
      const rawPhone = hasPhone ? phonePick.value : phonePick.seenValue;
      const phoneColumn = hasPhone ? phonePick.column : phonePick.seenColumn;
      const phone = hasPhone ? e164 : null;
      if (!hasPhone && rawPhone === '') {
        addProblem(
          line,
          phoneColumn,
          'phone',
          '',
          'missing_phone',
          'error',
          () => 'The phone number is empty. Every contact needs one.',
        );
      } else if (!hasPhone) {
        addProblem(line, phoneColumn, 'phone', rawPhone, 'invalid_phone', 'error', () => {
          const normalized = normalize(rawPhone);
          const reason = normalized.ok ? 'Not a valid phone number' : normalized.message;
          return `${reason}.`.replace(/\.\.$/, '.');
        });
      }

      let email: string | null = null;
      if (rowMapper.emailColumns.length > 0) {
        if (rowMapper.email(row, usableEmail, emailPick)) email = emailPick.value.toLowerCase();
        else if (emailPick.seenValue !== '') {
          const value = emailPick.seenValue;
          addProblem(
            line,
            emailPick.seenColumn,
            'email',
            value,
            'invalid_email',
            'error',
            () =>
              `"${cut(value)}" is not a valid email address (like name@example.com). Fix it or leave the cell empty.`,
          );
        }
      }

      if (counts.errors !== errorsBefore) {
        counts.invalid++;
        continue;
      }
      counts.valid++;
      const earlier = firstLineOfPhone.firstLineOr(phoneKey(phone!), line);
      if (earlier !== 0) {
        counts.duplicates++;
        addProblem(
          line,
          phoneColumn,
          'phone',
          rawPhone,
          'duplicate_phone',
          'warning',
          () =>
            `Same phone (${phone}) as ${lineWord(records.format)} ${earlier}. Only one contact is kept per phone: this later one wins.`,
        );
      }
      if (hooks.onValidRows) {
        const optedOut = rowMapper.optedOut(row);
        validRowsHash = hashString(
          hashString(hashString(validRowsHash, fullName), phone!),
          optedOut ? `${email ?? ''}\u0000opted-out` : (email ?? ''),
        );
        validRows.push(
          optedOut
            ? { fullName, phone: phone!, email, optedOut: true }
            : { fullName, phone: phone!, email },
        );
        validLines.push(line);
      }
    }
    if (validRows.length > 0) await hooks.onValidRows!(validRows, validLines);
    counts.lines = (lines[lines.length - 1] ?? counts.lines) as number;
    if (onProgress) {
      const now = Date.now();
      if (now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
        lastProgressAt = now;
        onProgress({
          rows: counts.rows,
          lines: counts.lines,
          errors: counts.errors,
          fraction: sourceSize ? Math.min(1, records.bytesRead() / sourceSize) : null,
        });
      }
    }
    throwIfAborted(signal);
  }

  if (mappingError !== null) {
    const { code, message } = mappingError;
    addProblem(1, null, null, headers?.slice(0, 50).join(', ') ?? '', code, 'error', () => message);
  } else if (counts.rows === 0) {
    addProblem(Math.max(1, counts.lines), null, null, '', 'no_contacts', 'error', () =>
      !started
        ? records.format === 'vcard'
          ? 'The file holds no contact cards (BEGIN:VCARD … END:VCARD).'
          : 'The file is empty: there are no contacts to import.'
        : 'The file has no contacts: only a header or blank lines.',
    );
  }
  onProgress?.({ rows: counts.rows, lines: counts.lines, errors: counts.errors, fraction: 1 });
  return { report: buildReport(), validRowsHash: validRowsHash >>> 0 };
}

/** What a report's `line` counts, in words. */
function lineWord(format: SourceFormat): string {
  return format === 'vcard' ? 'card' : format === 'xlsx' ? 'row' : 'line';
}

/** Cheap first: a row whose name and phone cells hold text is not blank. */
function isBlankRow(
  row: string[],
  nameIndex: number | undefined,
  phoneIndex: number | undefined,
): boolean {
  if (
    phoneIndex !== undefined &&
    (row[phoneIndex] ?? '').length > 0 &&
    row[phoneIndex]!.trim() !== ''
  )
    return false;
  if (nameIndex !== undefined && (row[nameIndex] ?? '').length > 0 && row[nameIndex]!.trim() !== '')
    return false;
  return row.every((value) => value.trim() === '');
}

/** A copy that does not keep the (large) parsed text it was cut from alive. */
function detach(value: string): string {
  return ` ${value}`.slice(1);
}

function delimiterName(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

function batchDelimiterLabel(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? ' ⇥ ' : `${delimiter} `;
}

export { CsvError };
