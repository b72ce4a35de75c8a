import type { CsvProblem, CsvValidationReport } from '../csv/validate-contacts-csv.js';

export type ImportErrorCode =
  | 'csv_invalid'
  | 'no_valid_rows'
  | 'source_changed'
  | 'chunk_rejected'
  | 'import_failed'
  | 'import_gone';

/** Why an import did not run to the end; `code` is stable, `message` is for people. */
export class ImportError extends Error {
  override readonly name: string = 'ImportError';
  readonly code: ImportErrorCode;
  constructor(code: ImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The file has errors (and `onlyValid` was not set): nothing was sent. `report` says what to fix. */
export class ImportValidationError extends ImportError {
  override readonly name = 'ImportValidationError';
  readonly report: CsvValidationReport;
  constructor(report: CsvValidationReport, code: ImportErrorCode = 'csv_invalid') {
    const first = report.problems.find((problem) => problem.severity === 'error');
    super(
      code,
      code === 'no_valid_rows'
        ? 'No row of the file is valid, so there is nothing to import.'
        : `The file has ${report.counts.errors} problem${report.counts.errors === 1 ? '' : 's'} in ${report.counts.invalid} row${report.counts.invalid === 1 ? '' : 's'}${first ? ` (first: line ${first.line}, ${first.message})` : ''}. Nothing was imported: fix the file, or import only the valid rows.`,
    );
    this.report = report;
  }
}

/** The server refused a chunk the client had validated (rules differ): the rows and lines it named. */
export class ImportChunkRejectedError extends ImportError {
  override readonly name = 'ImportChunkRejectedError';
  readonly problems: CsvProblem[];
  constructor(message: string, problems: CsvProblem[], cause: unknown) {
    super('chunk_rejected', message, { cause });
    this.problems = problems;
  }
}
