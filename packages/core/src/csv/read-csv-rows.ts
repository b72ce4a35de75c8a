import Papa from 'papaparse';
import { CsvError } from './csv-error.js';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** A problem with the file's structure at one row (quotes), found while parsing. */
export interface CsvStructureProblem {
  line: number;
  code: 'unclosed_quote' | 'malformed_quotes';
}

export interface CsvRowBatch {
  rows: string[][];
  /** 1-based line (as an editor numbers them) where each row starts. */
  lines: number[];
  structureProblems: CsvStructureProblem[];
  /** True when a cell of this batch may hold control characters (NUL...). */
  mayHoldControlCharacters: boolean;
}

export interface ReadCsvRowsOptions {
  delimiter?: CsvDelimiter | undefined;
  /** Called once, with the delimiter in use, before the first batch. */
  onDelimiter?: (delimiter: CsvDelimiter) => void;
  signal?: AbortSignal | undefined;
}

/** The first parse: the rows and text that header, column and delimiter detection look at. */
const FIRST_PARSE_LENGTH = 128 * 1024;
/**
 * Later parses: a batch's rows are checked right after they are parsed, and a batch of 32 KB
 * (a few hundred rows) is still in the CPU's cache by then; small batches also keep the live
 * heap, and so what the garbage collector promotes and the peak RSS, lower.
 */
const PARSE_LENGTH = 32 * 1024;
/** A cell this long is almost surely a quote never closed: stop rather than buffer the whole file. */
export const MAX_CELL_LENGTH = 32 * 1024 * 1024;

interface LowLevelParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
}
type LowLevelParserConstructor = new (config: Papa.ParseConfig) => LowLevelParser;

/** Guesses the delimiter from a sample with papaparse's own guesser, limited to `, ; \t |`. */
export function detectDelimiter(sample: string): CsvDelimiter {
  const result = Papa.parse<string[]>(sample, {
    preview: 50,
    // An empty line (the file's last newline) counts as a one-cell row in papaparse's guess,
    // which sank a short two-column "Name;Phone" file below its threshold and fell back to ",".
    skipEmptyLines: true,
    delimitersToGuess: [...CSV_DELIMITERS],
  });
  const guessed = result.meta.delimiter as CsvDelimiter;
  return CSV_DELIMITERS.includes(guessed) ? guessed : ',';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function countLineBreaks(text: string, end: number): number {
  let count = 0;
  let index = text.indexOf('\n');
  while (index !== -1 && index < end) {
    count++;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}

function countNewlines(row: string[]): number {
  let count = 0;
  for (const cell of row) {
    let index = cell.indexOf('\n');
    while (index !== -1) {
      count++;
      index = cell.indexOf('\n', index + 1);
    }
  }
  return count;
}

/**
 * Streams rows out of normalized text (see openCsvText) with papaparse's parser, keeping the
 * physical line where each row starts, even when quoted cells hold line breaks. Cells stay
 * text (no dynamic typing: "+0044..." and "00123" must survive). Memory stays bounded by the
 * batch size, except for a single huge cell, which is capped at MAX_CELL_LENGTH.
 */
export async function* readCsvRows(
  chunks: AsyncIterable<string>,
  options: ReadCsvRowsOptions = {},
): AsyncGenerator<CsvRowBatch> {
  let parser: LowLevelParser | null = null;
  let carry = '';
  let pending: string[] = [];
  let pendingLength = 0;
  let nextLine = 1;

  const parse = (text: string, last: boolean): CsvRowBatch => {
    if (!parser) {
      const delimiter = options.delimiter ?? detectDelimiter(text.slice(0, 64 * 1024));
      options.onDelimiter?.(delimiter);
      const Parser = (Papa as unknown as { Parser: LowLevelParserConstructor }).Parser;
      parser = new Parser({ delimiter, newline: '\n', quoteChar: '"' });
    }
    const result = parser.parse(text, 0, !last);
    const rows = result.data;
    // The newline that ends the file does not start another (empty) line.
    if (
      last &&
      text.endsWith('\n') &&
      rows.length > 0 &&
      rows[rows.length - 1]!.length === 1 &&
      rows[rows.length - 1]![0] === ''
    )
      rows.pop();
    carry = last ? '' : text.slice(result.meta.cursor);
    if (carry.length > MAX_CELL_LENGTH) {
      throw new CsvError(
        'field_too_large',
        `The row starting at line ${nextLine} goes on for more than ${MAX_CELL_LENGTH / 1024 / 1024} MB: a quote (") is probably opened and never closed.`,
      );
    }
    const lines: number[] = new Array<number>(rows.length);
    // A row spans several lines only when a quoted cell holds a line break: when the parsed
    // text has exactly one line break per row, no row does, and no cell needs a look.
    const multiline =
      text.indexOf('"') !== -1 &&
      countLineBreaks(text, last ? text.length : result.meta.cursor) !== rows.length;
    for (let index = 0; index < rows.length; index++) {
      lines[index] = nextLine;
      nextLine += multiline ? 1 + countNewlines(rows[index]!) : 1;
    }
    const structureProblems: CsvStructureProblem[] = [];
    for (const error of result.errors) {
      // Errors on the unfinished last row come back when it is parsed again with more text.
      if (error.type !== 'Quotes' || error.row === undefined || error.row >= rows.length) continue;
      structureProblems.push({
        line: lines[error.row]!,
        code: error.code === 'MissingQuotes' ? 'unclosed_quote' : 'malformed_quotes',
      });
    }
    return {
      rows,
      lines,
      structureProblems,
      // Testing each name costs a third of scanning the whole text for them.
      mayHoldControlCharacters: true,
    };
  };

  let parseLength = FIRST_PARSE_LENGTH;
  for await (const text of chunks) {
    // Large reads are parsed in slices: small batches keep the live heap (and the RSS) low.
    for (let offset = 0; offset < text.length; offset += PARSE_LENGTH) {
      const chunk =
        offset === 0 && text.length <= PARSE_LENGTH
          ? text
          : text.slice(offset, offset + PARSE_LENGTH);
      throwIfAborted(options.signal);
      pending.push(chunk);
      pendingLength += chunk.length;
      // Parse once enough new text arrived: at least parseLength, and at least as much as the
      // unfinished row carried over, so a huge cell costs linear time, not quadratic.
      // Past MAX_CELL_LENGTH it parses anyway, to find out whether the row ever ends.
      if (
        pendingLength < parseLength ||
        (pendingLength < carry.length && carry.length + pendingLength <= MAX_CELL_LENGTH)
      )
        continue;
      const joined = carry + pending.join('');
      pending = [];
      pendingLength = 0;
      parseLength = PARSE_LENGTH;
      const batch = parse(joined, false);
      if (batch.rows.length > 0 || batch.structureProblems.length > 0) yield batch;
    }
  }
  throwIfAborted(options.signal);
  const text = carry + pending.join('');
  if (text.length > 0 || !parser) {
    const batch = parse(text, true);
    if (batch.rows.length > 0 || batch.structureProblems.length > 0) yield batch;
  }
}
