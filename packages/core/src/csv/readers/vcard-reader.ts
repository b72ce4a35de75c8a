import { decodeTextChunks } from '../csv-source.js';
import type { CsvRowBatch } from '../read-csv-rows.js';
import {
  decodeVCardValue,
  hasType,
  parseVCards,
  type VCard,
  type VCardProperty,
} from './vcard-parser.js';
import type { OpenRecordsOptions, RecordStream } from './record-stream.js';

/** The columns a card becomes; the usual header aliases map them like any CSV. */
export const VCARD_COLUMNS = [
  'Full Name',
  'First Name',
  'Middle Name',
  'Last Name',
  'Mobile Phone',
  'Other Phone',
  'Email',
] as const;

/** Several values in one cell, as Google writes them: the validator takes the first usable one. */
const MULTI_VALUE_SEPARATOR = ' ::: ';
const CARDS_PER_BATCH = 2000;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const MOBILE_LABEL = /mobile|cell|iphone|handy|portable|m[oó]vil|celular|cellulare|telem[oó]vel/i;

function isPreferred(property: VCardProperty): boolean {
  return hasType(property, 'PREF') || property.params.has('PREF');
}

/** Best first: preferred values before the others, the file's order kept otherwise. */
function preferredFirst(properties: VCardProperty[]): VCardProperty[] {
  return [...properties.filter(isPreferred), ...properties.filter((p) => !isPreferred(p))];
}

function phoneText(property: VCardProperty): string {
  // vCard 4 may write a tel: URI (`tel:+1-555-0100;ext=12`).
  return decodeVCardValue(property)
    .trim()
    .replace(/^tel:/i, '')
    .replace(/;ext=.*$/i, '');
}

/** One card as a row of VCARD_COLUMNS: FN (or N's parts), mobile numbers first, emails. */
export function vCardToRow(card: VCard): string[] {
  const labels = new Map<string, string>();
  for (const property of card.properties)
    if (property.name === 'X-ABLABEL' && property.group)
      labels.set(property.group, decodeVCardValue(property));
  let fullName = '';
  let parts: string[] = [];
  const mobile: VCardProperty[] = [];
  const other: VCardProperty[] = [];
  const fax: VCardProperty[] = [];
  const emails: VCardProperty[] = [];
  for (const property of card.properties) {
    switch (property.name) {
      case 'FN':
        if (fullName === '') fullName = decodeVCardValue(property).trim();
        break;
      case 'N':
        if (parts.length === 0) parts = decodeVCardValue(property, true).map((part) => part.trim());
        break;
      case 'TEL': {
        const label = property.group ? (labels.get(property.group) ?? '') : '';
        if (hasType(property, 'CELL', 'MOBILE', 'IPHONE') || MOBILE_LABEL.test(label))
          mobile.push(property);
        else if (hasType(property, 'FAX', 'PAGER')) fax.push(property);
        else other.push(property);
        break;
      }
      case 'EMAIL':
        emails.push(property);
        break;
    }
  }
  const join = (properties: VCardProperty[], read: (p: VCardProperty) => string): string =>
    properties
      .map(read)
      .filter((value) => value !== '')
      .join(MULTI_VALUE_SEPARATOR);
  const [family = '', given = '', additional = ''] = parts;
  return [
    fullName,
    given,
    additional,
    family,
    join(preferredFirst(mobile), phoneText),
    join([...preferredFirst(other), ...fax], phoneText),
    join(preferredFirst(emails), (p) =>
      decodeVCardValue(p)
        .trim()
        .replace(/^mailto:/i, ''),
    ),
  ];
}

/** vCard 2.1, 3.0 and 4.0: one record per card, numbered by card. */
export function readVCardRecords(
  raw: AsyncIterable<Uint8Array | string>,
  isText: boolean,
  options: OpenRecordsOptions,
): RecordStream {
  const text = decodeTextChunks(raw, isText);
  const batches = (async function* (): AsyncGenerator<CsvRowBatch> {
    let rows: string[][] = [];
    let lines: number[] = [];
    let control = false;
    for await (const card of parseVCards(text.chunks)) {
      const row = vCardToRow(card);
      if (!control && row.some((value) => CONTROL_CHARACTERS.test(value))) control = true;
      rows.push(row);
      lines.push(card.number);
      if (rows.length >= CARDS_PER_BATCH) {
        if (options.signal?.aborted) throw options.signal.reason;
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
    format: 'vcard',
    header: [...VCARD_COLUMNS],
    batches,
    encoding: text.encoding,
    mixedEncoding: text.mixedEncoding,
    delimiter: () => ',',
    bytesRead: text.bytesRead,
  };
}
