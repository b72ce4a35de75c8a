// The import dialog's view of the core CSV pipeline: preview (header + mapping guess), validation
// in a Web Worker, the resumable runner, and a small marker that lets a reopened dialog offer to
// resume an import a reload interrupted. The pipeline itself is the core's; nothing here parses.
import type { ContactsClient, Job } from '@contacts-manager/core';
import {
  CONTACT_FIELDS,
  ImportValidationError,
  MAX_COLUMNS,
  inspectCsv,
  inspectCsvInWorker,
  recallColumnMapping,
  rememberColumnMapping,
  runImport,
  type ColumnMapping as CoreColumnMapping,
  type ColumnMappingInput,
  type ContactField,
  type CsvValidationReport,
  type ImportProgress,
  type ImportResult,
  type SourceFormat,
} from '@contacts-manager/core/csv';

export type ImportField = ContactField;
export const IMPORT_FIELDS: readonly ImportField[] = CONTACT_FIELDS;
export type { CsvValidationReport, ImportProgress };

/** What each column of the file holds, by 0-based column index (`null`: not imported). */
export type ColumnMapping = (ImportField | null)[];

export interface PreviewColumn {
  index: number;
  /** The header cell when the first line looks like one. */
  header: string | null;
  /** The first non-empty value below the header, for the mapping step. */
  sample: string;
}

export interface SourcePreview {
  format: SourceFormat;
  /** The columns shown in the mapping step (at most MAX_PREVIEW_COLUMNS). */
  columns: PreviewColumn[];
  /** Every column of the file, shown or not. */
  columnCount: number;
  /** Past MAX_COLUMNS the file is refused. */
  tooManyColumns: boolean;
  maxColumns: number;
  headerDetected: boolean;
  /** False for vCards: their columns are named by the format, there is no line to skip. */
  canSkipFirstLine: boolean;
  /** Rows below the header in the preview: 0 means the file has no contacts at all. */
  dataRows: number;
  mapping: ColumnMapping;
}

/** The pre-formatted sample file the help page promises (`Full Name,Phone,Email`). */
export const SAMPLE_CSV =
  'Full Name,Phone,Email\r\nJane Doe,(201) 555-0123,jane.doe@example.com\r\nJohn Smith,+1 212 555 0182,\r\n';

/** A source a user gave: a picked or dropped file, or pasted text. */
export type ImportSource = File | string;

function toColumnArray(mapping: CoreColumnMapping, width: number): ColumnMapping {
  const columns: ColumnMapping = Array.from({ length: width }, () => null);
  for (const field of IMPORT_FIELDS) {
    const index = mapping[field];
    if (index !== undefined && index < width) columns[index] = field;
  }
  return columns;
}

/** The runner's mapping input: every field named, so the user's choice replaces the guess. */
export function toColumnsInput(mapping: ColumnMapping): ColumnMappingInput {
  const input: ColumnMappingInput = {};
  for (const field of IMPORT_FIELDS) {
    const index = mapping.indexOf(field);
    input[field] = index === -1 ? null : index;
  }
  return input;
}

function toCoreMapping(mapping: ColumnMapping): CoreColumnMapping {
  const core: CoreColumnMapping = {};
  mapping.forEach((field, index) => {
    if (field) core[field] = index;
  });
  return core;
}

/** What stops the mapping from being usable: no phone column, or no name column. */
export function mappingProblem(mapping: ColumnMapping): 'phone' | 'name' | null {
  if (mapping.length === 0) return null;
  if (!mapping.includes('phone')) return 'phone';
  if (
    !mapping.includes('fullName') &&
    !mapping.includes('firstName') &&
    !mapping.includes('lastName')
  )
    return 'name';
  return null;
}

const MAX_MAIN_THREAD_PREVIEW = 1 << 20;

/**
 * Reads the first rows, in the CSV worker (a hostile file never blocks the page, and a
 * workbook's library loads there): header detection and the suggested mapping (the account's
 * remembered one first). Bounded: at most MAX_PREVIEW_COLUMNS columns, cells cut short.
 */
export async function previewCsv(
  source: ImportSource,
  accountId?: string,
  signal?: AbortSignal,
): Promise<SourcePreview> {
  const options = { rows: 20, ...(signal ? { signal } : {}) };
  // Pasted text up to 1 MB is previewed here, at once (a few milliseconds, bounded); files and
  // longer pastes go to the worker, so no file can hold the page.
  const preview =
    typeof source === 'string' && source.length <= MAX_MAIN_THREAD_PREVIEW
      ? await inspectCsv(source, options)
      : await inspectCsvInWorker(source, options);
  let width = 0;
  for (const row of preview.rows) width = Math.max(width, row.length);
  const remembered =
    accountId && preview.headers
      ? await recallColumnMapping(accountId, preview.headers).catch(() => undefined)
      : undefined;
  const body = preview.headerDetected ? preview.rows.slice(1) : preview.rows;
  const columns = Array.from({ length: width }, (_, index) => ({
    index,
    header: preview.headers?.[index] ?? null,
    sample: body.map((row) => (row[index] ?? '').trim()).find((value) => value !== '') ?? '',
  }));
  return {
    format: preview.format,
    columns,
    columnCount: preview.columnCount,
    tooManyColumns: preview.tooManyColumns,
    maxColumns: MAX_COLUMNS,
    headerDetected: preview.headerDetected,
    canSkipFirstLine: preview.canSkipFirstLine,
    dataRows: body.filter((row) => row.some((cell) => cell.trim() !== '')).length,
    mapping: toColumnArray(remembered ?? preview.suggestedMapping, width),
  };
}

/** The file has errors: nothing was sent; the report says where. */
export class ImportNeedsReviewError extends Error {
  override readonly name = 'ImportNeedsReviewError';
  readonly code = 'csv_invalid';
  constructor(readonly report: CsvValidationReport) {
    super('The file has problems to review before importing.');
  }
}

export function isImportNeedsReview(error: unknown): error is ImportNeedsReviewError {
  return error instanceof ImportNeedsReviewError;
}

// ---- Interrupted imports: a marker per account, so the dialog can offer to resume after a reload.
// The runner keeps the real state (import id, acknowledged chunks) in IndexedDB, keyed by the
// file's content; this marker only remembers which file and options to ask for again.

export interface InterruptedImport {
  fileName: string;
  fileSize: number;
  listId: string | null;
  skipFirstLine: boolean;
  mapping: ColumnMapping;
  onlyValid: boolean;
  rowsSent: number;
  totalRows: number;
}

const MARKER_PREFIX = 'contacts-manager:interrupted-import:';

function markerKey(accountId: string | undefined): string {
  return `${MARKER_PREFIX}${accountId ?? 'default'}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked by the browser's settings
  }
}

export async function findInterruptedImport(
  accountId: string | undefined,
): Promise<InterruptedImport | null> {
  const raw = storage()?.getItem(markerKey(accountId));
  if (!raw) return null;
  try {
    const marker = JSON.parse(raw) as InterruptedImport;
    return typeof marker.fileName === 'string' && Array.isArray(marker.mapping) ? marker : null;
  } catch {
    return null;
  }
}

function writeMarker(accountId: string | undefined, marker: InterruptedImport | null): void {
  const store = storage();
  if (!store) return;
  try {
    if (marker) store.setItem(markerKey(accountId), JSON.stringify(marker));
    else store.removeItem(markerKey(accountId));
  } catch {
    // quota or privacy mode: resuming is a convenience, the import itself is unaffected
  }
}

export function discardInterruptedImport(accountId: string | undefined): void {
  writeMarker(accountId, null);
}

export interface ImportCsvOptions {
  accountId: string | undefined;
  listId: string | null;
  skipFirstLine: boolean;
  mapping: ColumnMapping;
  /** The file's header cells (when its first line is one), to remember the mapping by. */
  headers: string[] | null;
  defaultCountry: string;
  onlyValid: boolean;
  /** Aborting stops the import. The offer to resume is kept unless the user chose to cancel. */
  signal: AbortSignal;
  cancelledByUser: () => boolean;
  onProgress: (progress: ImportProgress) => void;
  /** The commit job, so the store follows it and the list fills in as it runs. */
  onJob?: (job: Job) => void;
}

/**
 * Runs the core's resumable import with its validation pass in a Web Worker: the file is read and
 * checked once, off the main thread, and the worker hands the valid rows to the upload. With
 * errors and no "only valid rows", stops with ImportNeedsReviewError before anything is sent.
 */
export async function importCsv(
  client: ContactsClient,
  source: ImportSource,
  options: ImportCsvOptions,
): Promise<ImportResult> {
  const columns = toColumnsInput(options.mapping);
  const common = {
    skipFirstLine: options.skipFirstLine,
    columns,
    defaultCountry: options.defaultCountry,
    signal: options.signal,
  };
  const file = typeof source === 'string' ? null : source;
  const marker: InterruptedImport | null = file
    ? {
        fileName: file.name,
        fileSize: file.size,
        listId: options.listId,
        skipFirstLine: options.skipFirstLine,
        mapping: options.mapping,
        onlyValid: options.onlyValid,
        rowsSent: 0,
        totalRows: 0,
      }
    : null;
  // The user's mapping, remembered for the next file with these headers in this account.
  if (options.accountId && options.skipFirstLine && options.headers) {
    await rememberColumnMapping(
      options.accountId,
      options.headers,
      toCoreMapping(options.mapping),
    ).catch(() => undefined);
  }
  let jobReported = false;
  /** The server's import, once created: a deliberate cancel discards its staged rows. */
  let importId: string | null = null;
  try {
    const result = await runImport(client, source, {
      ...common,
      listId: options.listId,
      onlyValid: options.onlyValid,
      validateInWorker: true,
      // Always resumable: the same file imported again after a reload or a lost connection sends
      // only the chunks the server has not staged (the runner keys its state by the file's content).
      resume: true,
      onProgress: (progress) => {
        importId = progress.importId ?? importId;
        if (marker && progress.phase === 'uploading') {
          marker.rowsSent = progress.rowsUploaded;
          marker.totalRows = progress.rowsTotal;
          writeMarker(options.accountId, marker);
        }
        if (progress.job && !jobReported) {
          jobReported = true;
          options.onJob?.(progress.job);
        }
        options.onProgress(progress);
      },
    });
    writeMarker(options.accountId, null);
    return result;
  } catch (error) {
    if (error instanceof ImportValidationError) throw new ImportNeedsReviewError(error.report);
    // A deliberate cancel forgets the offer to resume and discards what the server staged (an
    // open import would otherwise wait a day to expire); a failure or a closed page keeps both.
    if (options.signal.aborted && options.cancelledByUser()) {
      writeMarker(options.accountId, null);
      if (importId !== null) await client.imports.abort(importId).catch(() => undefined);
    }
    throw error;
  }
}
