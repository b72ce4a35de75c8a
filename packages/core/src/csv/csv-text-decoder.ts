import { CsvError } from './csv-error.js';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

const SPREADSHEET_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x50, 0x4b, 0x03, 0x04], // .xlsx / .ods (zip)
  [0xd0, 0xcf, 0x11, 0xe0], // .xls (OLE)
];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** Where a trailing, incomplete UTF-8 sequence starts (or the length when the buffer ends cleanly). */
function completeUtf8Length(bytes: Uint8Array): number {
  let index = bytes.length - 1;
  let continuation = 0;
  while (index >= 0 && continuation < 3 && (bytes[index]! & 0xc0) === 0x80) {
    index--;
    continuation++;
  }
  if (index < 0) return bytes.length;
  const lead = bytes[index]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - index < needed ? index : bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Streams bytes to text: BOM stripped, UTF-8 by default, UTF-16 when its BOM says so, and
 * Windows-1252 from the first bytes that are not valid UTF-8 on (what Excel on Windows writes).
 * Refuses spreadsheets and binary files with a clear error instead of a page of garbage rows.
 */
export class CsvTextDecoder {
  encoding: CsvEncoding = 'utf-8';
  /** True when the file switched to Windows-1252 after some non-ASCII UTF-8 had been read. */
  mixedEncoding = false;
  private started = false;
  private pending: Uint8Array = new Uint8Array(0);
  private decoder: TextDecoder = new TextDecoder('utf-8', { fatal: true });
  private emittedNonAscii = false;

  decode(chunk: Uint8Array, last = false): string {
    let bytes = concat(this.pending, chunk);
    this.pending = new Uint8Array(0);
    if (!this.started) {
      // Wait for enough bytes to see a BOM or a signature.
      if (bytes.length < 4 && !last) {
        this.pending = bytes;
        return '';
      }
      this.started = true;
      bytes = this.sniff(bytes);
    }
    if (this.encoding === 'utf-8') return this.decodeUtf8(bytes, last);
    return this.decoder.decode(bytes, { stream: !last });
  }

  private sniff(bytes: Uint8Array): Uint8Array {
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return bytes.subarray(3);
    if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
      this.encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
      this.decoder = new TextDecoder(this.encoding);
      return bytes.subarray(2);
    }
    if (SPREADSHEET_SIGNATURES.some((signature) => startsWith(bytes, signature))) {
      throw new CsvError(
        'spreadsheet_file',
        'This is a spreadsheet workbook, not a CSV file. Open it and save it as "CSV UTF-8", then import that file.',
      );
    }
    const sample = bytes.subarray(0, 4096);
    let nul = 0;
    let control = 0;
    for (const byte of sample) {
      if (byte === 0) nul++;
      else if (byte < 9 || (byte > 13 && byte < 32)) control++;
    }
    if (nul > 0 && nul * 4 >= sample.length && nul * 4 <= sample.length * 3) {
      // UTF-16 without a BOM: every other byte is zero.
      const evenZeros = sample.filter((byte, index) => index % 2 === 0 && byte === 0).length;
      this.encoding = evenZeros > nul / 2 ? 'utf-16be' : 'utf-16le';
      this.decoder = new TextDecoder(this.encoding);
      return bytes;
    }
    if (nul > 0 || control * 20 > sample.length) {
      throw new CsvError(
        'binary_file',
        'This file holds binary data (NUL or control bytes), so it is not a CSV text file. Export your contacts as CSV and try again.',
      );
    }
    return bytes;
  }

  private decodeUtf8(bytes: Uint8Array, last: boolean): string {
    const end = last ? bytes.length : completeUtf8Length(bytes);
    if (end < bytes.length) this.pending = bytes.slice(end);
    const complete = end < bytes.length ? bytes.subarray(0, end) : bytes;
    try {
      const text = this.decoder.decode(complete);
      // Any multi-byte sequence makes the text shorter than its bytes: non-ASCII, without a scan.
      if (text.length !== complete.length) this.emittedNonAscii = true;
      return text;
    } catch {
      this.encoding = 'windows-1252';
      this.mixedEncoding = this.emittedNonAscii;
      this.decoder = new TextDecoder('windows-1252');
      const all = concat(complete, this.pending);
      this.pending = new Uint8Array(0);
      return this.decoder.decode(all, { stream: !last });
    }
  }
}
