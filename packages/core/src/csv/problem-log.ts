import { FIELD_LABELS, type ContactField } from './column-mapping.js';
import {
  MAX_REPORTED_PROBLEMS,
  type CsvProblem,
  type CsvProblemCode,
  type CsvProblemSeverity,
  type CsvValidationCounts,
} from './csv-validation-types.js';

const MAX_VALUE_LENGTH = 200;

/** A value as a report shows it: at most 200 characters. */
export function cut(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/** A copy that does not keep the (large) parsed text it was cut from alive. */
export function detach(value: string): string {
  return ` ${value}`.slice(1);
}

/**
 * The validation's tally: the counts of a report, every problem counted by code, the first
 * MAX_REPORTED_PROBLEMS kept with where they are. Messages are built only for the problems kept.
 */
export class ProblemLog {
  readonly counts: CsvValidationCounts = {
    lines: 0,
    rows: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    blankLines: 0,
    errors: 0,
    warnings: 0,
  };
  readonly problems: CsvProblem[] = [];
  readonly problemCounts: Partial<Record<CsvProblemCode, number>> = {};
  /** The header's cells, once known: a problem's column is named after its header. */
  headers: string[] | null = null;

  add(
    line: number,
    columnIndex: number | null,
    field: ContactField | null,
    value: string,
    code: CsvProblemCode,
    severity: CsvProblemSeverity,
    message: () => string,
  ): void {
    this.insert(this.problems.length, line, columnIndex, field, value, code, severity, message);
  }

  /**
   * add() for a problem found late (a deferred duplicate check): `position` is where it stands
   * in the file's order, so the report is the same as if it had been added in its turn.
   */
  insert(
    position: number,
    line: number,
    columnIndex: number | null,
    field: ContactField | null,
    value: string,
    code: CsvProblemCode,
    severity: CsvProblemSeverity,
    message: () => string,
  ): void {
    this.problemCounts[code] = (this.problemCounts[code] ?? 0) + 1;
    if (severity === 'error') this.counts.errors++;
    else this.counts.warnings++;
    if (position >= MAX_REPORTED_PROBLEMS) return;
    const column =
      columnIndex === null
        ? null
        : this.headers?.[columnIndex]?.trim() ||
          (field ? FIELD_LABELS[field] : `Column ${columnIndex + 1}`);
    const problem: CsvProblem = {
      line,
      column: column === null ? null : detach(cut(column)),
      columnNumber: columnIndex === null ? null : columnIndex + 1,
      value: detach(cut(value)),
      code,
      message: message(),
      severity,
    };
    if (position === this.problems.length) {
      this.problems.push(problem);
      return;
    }
    this.problems.splice(position, 0, problem);
    // The last one kept would have come after the limit in the file's order.
    if (this.problems.length > MAX_REPORTED_PROBLEMS) this.problems.pop();
  }

  /** More problems were found than kept. */
  get truncated(): boolean {
    return this.counts.errors + this.counts.warnings > this.problems.length;
  }
}
