import { rawChunks, type CsvSource } from '../csv-source.js';
import { readCsvRecords } from './csv-reader.js';
import type { OpenRecordsOptions, RecordStream, SourceFormat } from './record-stream.js';
import { readVCardRecords } from './vcard-reader.js';
import { readXlsxRecords } from './xlsx-reader.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const VCARD_START = /^\s*BEGIN:VCARD/i;

/** The first chunk, and an iterable that yields it again followed by the rest. */
async function peek(
  raw: AsyncIterable<Uint8Array | string>,
): Promise<{ head: Uint8Array | string | undefined; chunks: AsyncIterable<Uint8Array | string> }> {
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? undefined : first.value;
  const chunks = (async function* () {
    try {
      if (head !== undefined) yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stops the producer when the consumer stops early (an error, a preview that read enough).
      await iterator.return?.();
    }
  })();
  return { head, chunks };
}

/** The chunks until `maxBytes` (or characters) have gone by; the rest is never read. */
async function* upTo(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Uint8Array | string> {
  let left = maxBytes;
  for await (const chunk of chunks) {
    if (chunk.length >= left) {
      yield typeof chunk === 'string' ? chunk.slice(0, left) : chunk.subarray(0, left);
      return;
    }
    left -= chunk.length;
    yield chunk;
  }
}

/** What the first bytes say the file is: a zip is a workbook, `BEGIN:VCARD` a vCard, else CSV. */
export function sniffFormat(head: Uint8Array | string | undefined): SourceFormat {
  if (head === undefined) return 'csv';
  if (typeof head === 'string')
    return VCARD_START.test(head.slice(0, 256).replace(/^\uFEFF/, '')) ? 'vcard' : 'csv';
  if (ZIP_SIGNATURE.every((byte, index) => head[index] === byte)) return 'xlsx';
  const sample = head.subarray(0, 512);
  let text: string;
  if (sample[0] === 0xff && sample[1] === 0xfe) text = new TextDecoder('utf-16le').decode(sample);
  else if (sample[0] === 0xfe && sample[1] === 0xff)
    text = new TextDecoder('utf-16be').decode(sample);
  else text = new TextDecoder('utf-8').decode(sample);
  return VCARD_START.test(text.replace(/^\uFEFF/, '')) ? 'vcard' : 'csv';
}

/**
 * Opens any supported source as a stream of raw records: the first stage of every import.
 * A new format is a new reader here and nothing else.
 */
export async function openRecords(
  source: CsvSource,
  options: OpenRecordsOptions = {},
): Promise<RecordStream> {
  const isText = typeof source === 'string';
  const { head, chunks: all } = await peek(rawChunks(source));
  const format = options.format ?? sniffFormat(head);
  const chunks =
    options.maxBytes !== undefined && format !== 'xlsx' ? upTo(all, options.maxBytes) : all;
  switch (format) {
    case 'vcard':
      return readVCardRecords(chunks, isText, options);
    case 'xlsx':
      return readXlsxRecords(chunks, options);
    case 'csv':
      return readCsvRecords(chunks, isText, options);
  }
}
