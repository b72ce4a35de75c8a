// `@contacts-manager/core/csv`: the CSV pipeline. Browser-safe: no Node built-ins, nothing
// touches window, document or indexedDB at import time.
export { CsvError, type CsvErrorCode } from './csv-error.js';
export type { CsvEncoding } from './csv-text-decoder.js';
export { isReopenable, type CsvSource, type CsvSourceProvider } from './csv-source.js';
export { CSV_DELIMITERS, detectDelimiter, type CsvDelimiter } from './read-csv-rows.js';
export {
  CONTACT_FIELDS,
  FIELD_LABELS,
  detectHeaderRow,
  fieldForHeader,
  normalizeHeader,
  resolveColumnMapping,
  suggestColumnMapping,
  type ColumnMapping,
  type ColumnMappingInput,
  type ColumnRef,
  type ContactField,
} from './column-mapping.js';
export { unescapeFormulaCell, validateContactsCsv } from './validate-contacts-csv.js';
export * from './csv-validation-types.js';
export {
  MAX_PREVIEW_CELL,
  MAX_PREVIEW_COLUMNS,
  inspectCsv,
  type CsvPreview,
} from './inspect-csv.js';
export type { SourceFormat } from './readers/record-stream.js';
export { escapeFormulaCell } from './formula-escape.js';
export { createPhoneNormalizer, type PhoneNormalizer } from '../phone/fast-phone-normalizer.js';
export { rememberColumnMapping, recallColumnMapping } from './mapping-memory.js';
export {
  inspectCsvInWorker,
  validateContactsCsvInWorker,
  type WorkerValidationOptions,
} from './validate-in-worker.js';
export {
  runImport,
  type ImportPhase,
  type ImportProgress,
  type ImportResult,
  type RunImportOptions,
} from '../import/run-import.js';
export {
  ImportChunkRejectedError,
  ImportError,
  ImportValidationError,
  type ImportErrorCode,
} from '../import/import-errors.js';
export {
  MemoryImportStateStore,
  type ImportState,
  type ImportStateStore,
} from '../import/import-state-store.js';
