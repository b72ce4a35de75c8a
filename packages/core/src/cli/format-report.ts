import type { CsvValidationReport } from '../csv/validate-contacts-csv.js';

const number = (value: number): string => value.toLocaleString('en-US');

function delimiterLabel(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

function quote(value: string): string {
  return JSON.stringify(value.replace(/\n/g, '⏎'));
}

/** The validation report as a person reads it in a terminal: a summary, then one line per problem. */
export function formatReport(
  report: CsvValidationReport,
  name: string,
  maxProblems: number,
): string {
  const { counts } = report;
  const lines: string[] = [];
  const unit = report.format === 'vcard' ? 'card' : report.format === 'xlsx' ? 'row' : 'line';
  const how =
    report.format === 'vcard'
      ? `vCard, ${report.encoding}`
      : report.format === 'xlsx'
        ? `Excel workbook, first sheet, ${report.skipFirstLine ? 'first row skipped as a header' : 'no header'}`
        : `${report.encoding}, delimiter ${delimiterLabel(report.delimiter)}, ${report.skipFirstLine ? 'first line skipped as a header' : 'no header'}`;
  lines.push(
    `${name}: ${number(counts.rows)} row${counts.rows === 1 ? '' : 's'}, ${number(counts.valid)} valid, ${number(counts.invalid)} with errors` +
      (counts.duplicates
        ? `, ${number(counts.duplicates)} repeated phone${counts.duplicates === 1 ? '' : 's'}`
        : '') +
      ` (${how}, default country ${report.defaultCountry})`,
  );
  if (report.mixedEncoding)
    lines.push(
      'warning: the file mixes UTF-8 and Windows-1252; some accented letters may be wrong.',
    );
  const shown = report.problems.slice(0, maxProblems);
  if (shown.length > 0) {
    const width = Math.max(...shown.map((problem) => String(problem.line).length));
    for (const problem of shown) {
      const where = `${unit} ${String(problem.line).padStart(width)}`;
      const column = problem.column ? `  ${problem.column}` : '';
      const value = problem.value ? `  ${quote(problem.value)}` : '';
      lines.push(
        `  ${problem.severity === 'error' ? 'error  ' : 'warning'}  ${where}${column}${value}: ${problem.message}`,
      );
    }
    const total = counts.errors + counts.warnings;
    if (total > shown.length)
      lines.push(
        `  … and ${number(total - shown.length)} more (${Object.entries(report.problemCounts)
          .map(([code, count]) => `${code}: ${number(count)}`)
          .join(', ')})`,
      );
  }
  return lines.join('\n');
}
