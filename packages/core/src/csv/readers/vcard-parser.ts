import { CsvError } from '../csv-error.js';

/**
 * A small streaming vCard parser (RFC 2426 / 6350, and vCard 2.1 as phones still write it):
 * folded lines, quoted-printable values with their CHARSET, grouped properties
 * (`item1.TEL` with Apple's `item1.X-ABLabel`), several cards per file. It keeps only what a
 * contact import needs; photos and other properties are skipped without being decoded.
 */

export interface VCardProperty {
  /** `item1` in `item1.TEL`; null when ungrouped. */
  group: string | null;
  /** Upper case: `TEL`, `EMAIL`, `FN`... */
  name: string;
  /** Parameter values by upper-case name; bare 2.1 parameters (`CELL`) are filed under TYPE. */
  params: Map<string, string[]>;
  /** The raw value (still encoded). Use decodeVCardValue. */
  rawValue: string;
}

export interface VCard {
  /** 1-based position of the card in the file. */
  number: number;
  version: string;
  properties: VCardProperty[];
}

/** A line longer than this (a photo is a few hundred KB) means the file is not a vCard. */
const MAX_LINE_LENGTH = 32 * 1024 * 1024;

/** Properties an import reads; the others are dropped as soon as their name is known. */
const WANTED = new Set(['VERSION', 'FN', 'N', 'TEL', 'EMAIL', 'X-ABLABEL']);
const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);

/** Splits on `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function colonOutsideQuotes(line: string): number {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line.charCodeAt(index);
    if (char === 34) quoted = !quoted;
    else if (char === 58 && !quoted) return index;
  }
  return -1;
}

/** Parses one unfolded content line, or null when it is not a property an import reads. */
export function parseVCardLine(line: string): VCardProperty | null {
  // The name first (up to `;` or `:`): most lines of a card (PHOTO, ADR, NOTE...) stop here,
  // before their value is scanned.
  let nameEnd = 0;
  while (nameEnd < line.length) {
    const char = line.charCodeAt(nameEnd);
    if (char === 58 || char === 59) break;
    nameEnd++;
  }
  if (nameEnd === 0 || nameEnd === line.length) return null;
  const fullName = line.slice(0, nameEnd);
  const dot = fullName.lastIndexOf('.');
  const name = (dot === -1 ? fullName : fullName.slice(dot + 1)).trim().toUpperCase();
  if (!WANTED.has(name) && name !== 'BEGIN' && name !== 'END') return null;
  const colon = line.charCodeAt(nameEnd) === 58 ? nameEnd : colonOutsideQuotes(line);
  if (colon <= 0) return null;
  const params = new Map<string, string[]>();
  const semicolon = colon === nameEnd ? -1 : nameEnd;
  const head = line.slice(0, colon);
  if (semicolon !== -1) {
    for (const param of splitOutsideQuotes(head.slice(semicolon + 1), ';')) {
      if (param === '') continue;
      const equals = param.indexOf('=');
      let key = equals === -1 ? '' : param.slice(0, equals).trim().toUpperCase();
      const rawValues = equals === -1 ? param : param.slice(equals + 1);
      const values = splitOutsideQuotes(rawValues, ',').map((value) =>
        value.trim().replace(/^"|"$/g, ''),
      );
      if (key === '') key = ENCODINGS.has(rawValues.trim().toUpperCase()) ? 'ENCODING' : 'TYPE';
      const list = params.get(key) ?? [];
      // vCard 4 writes TYPE="cell,voice" as one quoted value.
      for (const value of values) for (const part of value.split(',')) if (part) list.push(part);
      params.set(key, list);
    }
  }
  return {
    group: dot === -1 ? null : fullName.slice(0, dot).trim().toLowerCase(),
    name,
    params,
    rawValue: line.slice(colon + 1),
  };
}

function isQuotedPrintable(property: VCardProperty): boolean {
  return (property.params.get('ENCODING') ?? []).some(
    (value) => value.toUpperCase() === 'QUOTED-PRINTABLE',
  );
}

const HEX = /^[0-9A-Fa-f]{2}$/;

function decodeQuotedPrintable(text: string, charset: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '=' && HEX.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (char.charCodeAt(0) < 128) {
      bytes.push(char.charCodeAt(0));
    } else {
      for (const byte of encoder.encode(char)) bytes.push(byte);
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(new Uint8Array(bytes));
}

/** Undoes vCard 3/4 text escapes: `\n`, `\,`, `\;`, `\\`. */
function unescapeText(text: string): string {
  if (text.indexOf('\\') === -1) return text;
  return text.replace(/\\([nN,;\\:])/g, (_, char: string) =>
    char === 'n' || char === 'N' ? '\n' : char,
  );
}

/**
 * The property's value as text: quoted-printable decoded in its CHARSET, escapes undone. For
 * structured values (N), the components, split on unescaped `;`.
 */
export function decodeVCardValue(property: VCardProperty): string;
export function decodeVCardValue(property: VCardProperty, structured: true): string[];
export function decodeVCardValue(property: VCardProperty, structured = false): string | string[] {
  let raw = property.rawValue;
  if (isQuotedPrintable(property)) {
    const charset = property.params.get('CHARSET')?.[0] ?? 'utf-8';
    raw = decodeQuotedPrintable(raw, charset);
    // Quoted-printable values carry no backslash escapes (vCard 2.1).
    return structured ? raw.split(';') : raw;
  }
  if (!structured) return unescapeText(raw);
  return raw.split(/(?<!\\);/).map(unescapeText);
}

/** Case-insensitive: does the property carry TYPE=`type` (or a bare 2.1 `type`)? */
export function hasType(property: VCardProperty, ...types: string[]): boolean {
  const values = property.params.get('TYPE');
  if (!values) return false;
  return values.some((value) => types.includes(value.toUpperCase()));
}

/**
 * Streams cards out of text whose line endings are already "\n" (see decodeTextChunks). Lines
 * outside BEGIN:VCARD … END:VCARD are ignored; a last card without END:VCARD still counts.
 */
export async function* parseVCards(chunks: AsyncIterable<string>): AsyncGenerator<VCard> {
  let carry = '';
  let logical: string | null = null;
  let card: VCard | null = null;
  let count = 0;

  const finishLine = (): VCard | null => {
    if (logical === null) return null;
    const line = logical;
    logical = null;
    const property = parseVCardLine(line);
    if (!property) return null;
    if (property.name === 'BEGIN' && property.rawValue.trim().toUpperCase() === 'VCARD') {
      const ended = card;
      card = { number: ++count, version: '3.0', properties: [] };
      return ended; // a card that never said END:VCARD
    }
    if (!card) return null;
    if (property.name === 'END' && property.rawValue.trim().toUpperCase() === 'VCARD') {
      const ended = card;
      card = null;
      return ended;
    }
    if (property.name === 'VERSION') card.version = property.rawValue.trim();
    else card.properties.push(property);
    return null;
  };

  const takeLine = (line: string): VCard | null => {
    if (logical !== null) {
      const first = line.charCodeAt(0);
      if (first === 32 || first === 9) {
        // Folded: vCard 3/4 drop the one whitespace character; 2.1 keeps it.
        logical += card?.version === '2.1' ? line : line.slice(1);
        return null;
      }
      // A quoted-printable soft line break: "=" at the end of the line.
      if (
        logical.endsWith('=') &&
        /QUOTED-PRINTABLE/i.test(logical.slice(0, logical.indexOf(':')))
      ) {
        logical = logical.slice(0, -1) + line;
        return null;
      }
    }
    const ended = finishLine();
    logical = line;
    return ended;
  };

  for await (const text of chunks) {
    let start = 0;
    let data = carry + text;
    carry = '';
    for (let newline = data.indexOf('\n'); newline !== -1; newline = data.indexOf('\n', start)) {
      const ended = takeLine(data.slice(start, newline));
      start = newline + 1;
      if (ended) yield ended;
    }
    carry = data.slice(start);
    data = '';
    if (carry.length > MAX_LINE_LENGTH) {
      throw new CsvError(
        'field_too_large',
        `A line of this vCard file goes on for more than ${MAX_LINE_LENGTH / 1024 / 1024} MB: it is probably not a vCard file.`,
      );
    }
  }
  if (carry !== '') {
    const ended = takeLine(carry);
    if (ended) yield ended;
  }
  const ended = finishLine();
  if (ended) yield ended;
  if (card) yield card;
}
