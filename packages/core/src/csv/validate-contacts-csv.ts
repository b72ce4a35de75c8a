// Validation of a whole file, streamed, through the import's stages: a reader turns the source
// into records (readers/), the mapping stage maps its columns (map-columns.ts), the validation
// stage checks each record (contact-row-validator.ts). Nothing is sent anywhere.
import { CsvError } from './csv-error.js';
import { describeSource, type CsvSource } from './csv-source.js';
import { ContactRowValidator } from './contact-row-validator.js';
import type {
  CsvValidationReport,
  ValidContactRow,
  ValidateContactsCsvOptions,
} from './csv-validation-types.js';
import { unescapeFormulaCell } from './formula-escape.js';
import { mapColumns, type MappedColumns } from './map-columns.js';
import { ProblemLog } from './problem-log.js';
import { openRecords } from './readers/open-records.js';
import { createPhoneNormalizer } from '../phone/fast-phone-normalizer.js';
import { throwIfAborted } from './read-csv-rows.js';

export * from './csv-validation-types.js';
export { unescapeFormulaCell };

const PROGRESS_INTERVAL_MS = 100;

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

/** validateContactsCsv that also hands the valid rows, batch by batch, to `hooks.onValidRows`. */
export async function scanContactsCsv(
  source: CsvSource,
  options: ValidateContactsCsvOptions,
  hooks: ScanHooks = {},
): Promise<ScanResult> {
  const startedAt = Date.now();
  const { signal, onProgress, onValidRows } = { ...options, ...hooks };
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
  const log = new ProblemLog();
  const { counts } = log;
  let columns: MappedColumns | null = null;
  let validator: ContactRowValidator | null = null;
  let validRowsHash = 0x811c9dc5;
  let lastProgressAt = 0;

  for await (const batch of records.batches) {
    const { rows, lines } = batch;
    let first = 0;
    if (!columns) {
      // Stage 2: mapping, from the first records.
      columns = mapColumns(rows.slice(0, 50), records.header, options);
      log.headers = columns.headers;
      if (!columns.mapper) break;
      validator = new ContactRowValidator(
        {
          mapper: columns.mapper,
          mapping: columns.mapping,
          expectedWidth: columns.expectedWidth,
          headerLeftIn: !columns.skipFirstLine && columns.headerDetected && !records.header,
          format: records.format,
          delimiter: records.delimiter(),
          normalize,
          // About 40 bytes a row; between 32k and 2M rows.
          expectedRows: Math.min(1 << 21, Math.max(1 << 15, (sourceSize ?? 0) / 40)),
        },
        log,
      );
      if (columns.skipFirstLine) first = 1;
    }
    const check = validator!;
    check.structureProblems(batch.structureProblems);
    const validRows: ValidContactRow[] = [];
    const validLines: number[] = [];
    const checkControl = batch.mayHoldControlCharacters;
    // Stage 3: validation.
    for (let index = first; index < rows.length; index++) {
      const row = rows[index]!;
      if (check.check(row, lines[index]!, checkControl) !== 'valid' || !onValidRows) continue;
      const { fullName, phone, email } = check;
      const optedOut = check.optedOut(row);
      validRowsHash = hashString(
        hashString(hashString(validRowsHash, fullName), phone),
        optedOut ? `${email ?? ''}\u0000opted-out` : (email ?? ''),
      );
      validRows.push(
        optedOut ? { fullName, phone, email, optedOut: true } : { fullName, phone, email },
      );
      validLines.push(lines[index]!);
    }
    check.finishBatch();
    if (validRows.length > 0) await onValidRows!(validRows, validLines);
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

  if (columns?.error) {
    const { code, message } = columns.error;
    log.add(
      1,
      null,
      null,
      columns.headers?.slice(0, 50).join(', ') ?? '',
      code,
      'error',
      () => message,
    );
  } else if (counts.rows === 0) {
    log.add(Math.max(1, counts.lines), null, null, '', 'no_contacts', 'error', () =>
      !columns
        ? records.format === 'vcard'
          ? 'The file holds no contact cards (BEGIN:VCARD … END:VCARD).'
          : 'The file is empty: there are no contacts to import.'
        : 'The file has no contacts: only a header or blank lines.',
    );
  }
  onProgress?.({ rows: counts.rows, lines: counts.lines, errors: counts.errors, fraction: 1 });
  const report: CsvValidationReport = {
    ok: counts.errors === 0 && counts.valid > 0,
    format: records.format,
    encoding: records.encoding(),
    mixedEncoding: records.mixedEncoding(),
    delimiter: records.delimiter(),
    skipFirstLine: columns?.skipFirstLine ?? false,
    headerDetected: columns?.headerDetected ?? false,
    headers: columns?.headers ?? null,
    mapping: columns?.mapping ?? {},
    defaultCountry,
    counts,
    problems: log.problems,
    problemsTruncated: log.truncated,
    problemCounts: log.problemCounts,
    durationMs: Date.now() - startedAt,
  };
  return { report, validRowsHash: validRowsHash >>> 0 };
}

export { CsvError };
