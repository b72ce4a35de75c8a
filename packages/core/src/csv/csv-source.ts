import type { ImportStateStore } from '../import/import-state-store.js';
import { CsvError } from './csv-error.js';
import { CsvTextDecoder, type CsvEncoding } from './csv-text-decoder.js';

/**
 * A source that can be opened again (a file on disk, an upload kept by the caller): the import
 * runner reads it twice, once to validate and once to upload, so nothing is held in memory.
 */
export interface CsvSourceProvider {
  /** Shown in messages and sent as the import's filename. */
  readonly name: string;
  readonly size?: number;
  readonly lastModified?: number;
  /** Where a Node import keeps its resumable state (`<file>.import-state.json`). */
  readonly statePath?: string;
  /** The store for `statePath` (Node: a JSON file); the import runner uses it to resume. */
  readonly stateStore?: ImportStateStore;
  open(): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

/**
 * What CSV can be read from: pasted text, a `File`/`Blob`, a web `ReadableStream`, a Node
 * stream (any async iterable of bytes or text), or a provider that can reopen the data. In
 * Node, `csvFile(path)` from `@contacts-manager/core/csv/node` (or a path, for `cm.imports.run`).
 */
export type CsvSource =
  | string
  | Blob
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | CsvSourceProvider;

export interface CsvTextStream {
  chunks: AsyncIterable<string>;
  /** Known once the first bytes are read. */
  encoding(): CsvEncoding;
  mixedEncoding(): boolean;
  /** Bytes (or characters, for text) read so far: for progress against the source's size. */
  bytesRead(): number;
}

const TEXT_SLICE = 1 << 20;

export function isCsvSourceProvider(source: unknown): source is CsvSourceProvider {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as CsvSourceProvider).open === 'function' &&
    'name' in source
  );
}

/** True for sources that can be read a second time. */
export function isReopenable(source: CsvSource): boolean {
  return (
    typeof source === 'string' ||
    (typeof Blob !== 'undefined' && source instanceof Blob) ||
    isCsvSourceProvider(source)
  );
}

export function describeSource(source: CsvSource): {
  name: string | undefined;
  size: number | undefined;
  lastModified: number | undefined;
} {
  if (typeof source === 'string')
    return { name: undefined, size: source.length, lastModified: undefined };
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const file = source as Blob & { name?: string; lastModified?: number };
    return { name: file.name, size: source.size, lastModified: file.lastModified };
  }
  if (isCsvSourceProvider(source))
    return { name: source.name, size: source.size, lastModified: source.lastModified };
  return { name: undefined, size: undefined, lastModified: undefined };
}

async function* iterateReadableStream<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the producer when the consumer stops early (error, abort).
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The source's bytes (or text) as they come, undecoded. */
export function rawChunks(source: CsvSource): AsyncIterable<Uint8Array | string> {
  if (typeof source === 'string') {
    return (async function* () {
      for (let offset = 0; offset < source.length; offset += TEXT_SLICE)
        yield source.slice(offset, offset + TEXT_SLICE);
    })();
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob)
    return iterateReadableStream(source.stream() as ReadableStream<Uint8Array>);
  if (isCsvSourceProvider(source)) return toAsyncIterable(source.open());
  return toAsyncIterable(
    source as ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  );
}

function toAsyncIterable<T>(source: AsyncIterable<T> | ReadableStream<T>): AsyncIterable<T> {
  if (
    typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === 'function' &&
    !(typeof ReadableStream !== 'undefined' && source instanceof ReadableStream)
  ) {
    return source as AsyncIterable<T>;
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream)
    return iterateReadableStream(source);
  throw new CsvError(
    'unsupported_source',
    'The CSV source must be text, a File or Blob, a ReadableStream or a Node stream.',
  );
}

/**
 * Opens a source as a stream of text: decoded (see CsvTextDecoder), BOM removed, and every line
 * ending (CRLF, CR, LF, or a mix) turned into "\n" so the parser and the line numbers agree.
 */
export function openCsvText(source: CsvSource): CsvTextStream {
  return decodeTextChunks(rawChunks(source), typeof source === 'string');
}

/** openCsvText over chunks already taken from a source (a reader that peeked at the first one). */
export function decodeTextChunks(
  raw: AsyncIterable<Uint8Array | string>,
  isText: boolean,
): CsvTextStream {
  const decoder = new CsvTextDecoder();
  let textEncoding: CsvEncoding = 'utf-8';
  let consumed = 0;
  const chunks = (async function* () {
    let carriageReturnPending = false;
    let first = true;
    const normalize = (text: string, last: boolean): string => {
      if (carriageReturnPending) {
        text = `\r${text}`;
        carriageReturnPending = false;
      }
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (text.indexOf('\r') === -1) return text;
      if (!last && text.endsWith('\r')) {
        carriageReturnPending = true;
        text = text.slice(0, -1);
      }
      return text.replace(/\r\n?/g, '\n');
    };
    for await (const chunk of raw) {
      consumed += chunk.length;
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk);
      const normalized = normalize(text, false);
      if (normalized) yield normalized;
    }
    const tail = normalize(isText ? '' : decoder.decode(new Uint8Array(0), true), true);
    if (tail) yield tail;
    if (!isText) textEncoding = decoder.encoding;
  })();
  return {
    chunks,
    encoding: () => (isText ? textEncoding : decoder.encoding),
    mixedEncoding: () => decoder.mixedEncoding,
    bytesRead: () => consumed,
  };
}
