import { CsvError } from '../csv-error.js';
import type { CsvRowBatch } from '../read-csv-rows.js';
import type { OpenRecordsOptions, RecordStream } from './record-stream.js';

/** A workbook is unzipped whole: past this size, save the sheet as CSV (streamed) instead. */
export const MAX_WORKBOOK_BYTES = 100 * 1024 * 1024;
const ROWS_PER_BATCH = 5000;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

interface SheetCell {
  t: 'b' | 'e' | 'n' | 'd' | 's' | 'z';
  v?: unknown;
  w?: string;
  z?: string | number;
}
interface XlsxModule {
  read(
    data: Uint8Array,
    options: { type: 'array'; dense: true; cellNF: true; cellText: true; sheets: number },
  ): { SheetNames: string[]; Sheets: Record<string, { '!data'?: (SheetCell | undefined)[][] }> };
  SSF: { is_date(format: string | number): boolean };
}

/**
 * A cell as the user sees it, never re-typed: text as written (leading zeros kept); a
 * number in the General format as all its digits (a phone stored as a number is
 * 447700900123, not 4.477E+11); dates and other formatted numbers as displayed.
 */
function cellText(cell: SheetCell | undefined, xlsx: XlsxModule): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 's') return String(cell.v);
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const format = cell.z ?? 'General';
    const general = format === 'General' || format === 0;
    if (general && Number.isInteger(cell.v) && Math.abs(cell.v) < 1e21) return String(cell.v);
    if (!general && !xlsx.SSF.is_date(format) && cell.w !== undefined) return cell.w;
    return cell.w ?? String(cell.v);
  }
  if (cell.t === 'b') return cell.v ? 'TRUE' : 'FALSE';
  return cell.w ?? String(cell.v);
}

const END_OF_CENTRAL_DIRECTORY = [0x50, 0x4b, 0x05, 0x06];

/**
 * A zip that holds an Excel workbook: its end-of-central-directory record is where a zip's
 * must be, and its directory names `xl/workbook.xml`. Checked before SheetJS sees the bytes,
 * which loops on some truncated or forged zips instead of failing.
 */
function looksLikeXlsx(data: Uint8Array): boolean {
  const searchFrom = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let index = data.length - 22; index >= searchFrom; index--) {
    if (END_OF_CENTRAL_DIRECTORY.every((byte, offset) => data[index + offset] === byte)) {
      end = index;
      break;
    }
  }
  if (end === -1) return false;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (directoryOffset + directorySize > end) return false;
  const directory = new TextDecoder('latin1').decode(
    data.subarray(directoryOffset, directoryOffset + directorySize),
  );
  return directory.includes('xl/workbook.xml');
}

async function readAll(raw: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of raw) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_WORKBOOK_BYTES) {
      throw new CsvError(
        'file_too_large',
        `This workbook is larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB. Save its sheet as "CSV UTF-8" and import that file instead.`,
      );
    }
    parts.push(bytes);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/**
 * Excel workbooks (.xlsx): the first sheet, one record per row, numbered as Excel numbers
 * rows. SheetJS is loaded only when such a file is read (in the browser: in the CSV worker).
 */
export function readXlsxRecords(
  raw: AsyncIterable<Uint8Array | string>,
  options: OpenRecordsOptions,
): RecordStream {
  let bytesRead = 0;
  const batches = (async function* (): AsyncGenerator<CsvRowBatch> {
    const data = await readAll(raw);
    bytesRead = data.length;
    if (!looksLikeXlsx(data)) {
      throw new CsvError(
        'spreadsheet_file',
        'This file is a zip archive but not a readable Excel workbook (.xlsx). Open it in your spreadsheet program and save it as "CSV UTF-8" or "Excel Workbook", then import that file.',
      );
    }
    const xlsx = (await import('@e965/xlsx')) as unknown as XlsxModule;
    if (options.signal?.aborted) throw options.signal.reason;
    let sheetRows: (SheetCell | undefined)[][];
    try {
      const workbook = xlsx.read(data, {
        type: 'array',
        dense: true,
        cellNF: true,
        cellText: true,
        sheets: 0,
      });
      const first = workbook.SheetNames[0];
      sheetRows = (first ? workbook.Sheets[first]?.['!data'] : undefined) ?? [];
    } catch (error) {
      throw new CsvError(
        'spreadsheet_file',
        'This workbook could not be read (it may be damaged or protected by a password). Open it and save it as "CSV UTF-8", then import that file.',
        { cause: error },
      );
    }
    let rows: string[][] = [];
    let lines: number[] = [];
    let control = false;
    for (let index = 0; index < sheetRows.length; index++) {
      const cells = sheetRows[index];
      if (!cells) continue; // an empty row: nothing stored
      const row = new Array<string>(cells.length);
      for (let column = 0; column < cells.length; column++) {
        row[column] = cellText(cells[column], xlsx);
        if (!control && CONTROL_CHARACTERS.test(row[column]!)) control = true;
      }
      rows.push(row);
      lines.push(index + 1);
      if (rows.length >= ROWS_PER_BATCH) {
        yield { rows, lines, structureProblems: [], mayHoldControlCharacters: control };
        rows = [];
        lines = [];
        control = false;
      }
    }
    if (rows.length > 0)
      yield { rows, lines, structureProblems: [], mayHoldControlCharacters: control };
  })();
  return {
    format: 'xlsx',
    header: null,
    batches,
    encoding: () => 'utf-8',
    mixedEncoding: () => false,
    delimiter: () => ',',
    bytesRead: () => bytesRead,
  };
}
