// A chunk's body: `{ rows }` as JSON, gzip-compressed where the platform can. Node compresses
// with its own zlib at level 1 (on the thread pool, a third of CompressionStream's CPU time, 10 %
// larger); browsers use CompressionStream.
import type { ValidContactRow } from '../csv/csv-validation-types.js';

interface NodeZlib {
  gzip(
    data: string,
    options: { level: number },
    done: (error: Error | null, result: Uint8Array) => void,
  ): void;
  gunzip(data: Uint8Array, done: (error: Error | null, result: Uint8Array) => void): void;
}

/** Held in a variable so bundlers for browsers do not try to resolve it. */
const NODE_ZLIB = 'node:zlib';
let nodeZlib: Promise<NodeZlib | null> | null = null;

function loadNodeZlib(): Promise<NodeZlib | null> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  nodeZlib ??= isNode
    ? import(/* @vite-ignore */ NODE_ZLIB).then(
        (module: { default: NodeZlib }) => module.default,
        () => null,
      )
    : Promise.resolve(null);
  return nodeZlib;
}

/** True where chunks can be sent gzip-encoded. */
export function canGzip(): boolean {
  return (
    (typeof process !== 'undefined' && typeof process.versions?.node === 'string') ||
    (typeof CompressionStream !== 'undefined' && typeof Response !== 'undefined')
  );
}

/** The chunk's JSON body, gzip-compressed, or null where the platform cannot compress. */
export async function gzipChunk(rows: readonly ValidContactRow[]): Promise<Uint8Array | null> {
  const json = JSON.stringify({ rows });
  const zlib = await loadNodeZlib();
  if (zlib) {
    return new Promise((resolve, reject) =>
      zlib.gzip(json, { level: 1 }, (error, result) => (error ? reject(error) : resolve(result))),
    );
  }
  if (typeof CompressionStream === 'undefined' || typeof Response === 'undefined') return null;
  const compressed = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/** The rows of a gzip-compressed chunk body (a server without gzip, a 422 to map to lines). */
export async function gunzipChunk(body: Uint8Array): Promise<ValidContactRow[]> {
  const zlib = await loadNodeZlib();
  let json: string;
  if (zlib) {
    const bytes = await new Promise<Uint8Array>((resolve, reject) =>
      zlib.gunzip(body, (error, result) => (error ? reject(error) : resolve(result))),
    );
    json = new TextDecoder().decode(bytes);
  } else {
    const plain = new Blob([body as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    json = await new Response(plain).text();
  }
  return (JSON.parse(json) as { rows: ValidContactRow[] }).rows;
}

/**
 * One chunk of valid rows, ready to send: either the rows, or (kept from the validation pass,
 * about 10 bytes a row) their gzip body. `lines` maps a server's 422 back to the file.
 */
export interface PreparedChunk {
  index: number;
  rowCount: number;
  lines: ArrayLike<number>;
  rows: ValidContactRow[] | null;
  gzip: Uint8Array | null;
}

/** The rows of a prepared chunk, decompressed when it only holds its gzip body. */
export async function rowsOf(chunk: PreparedChunk): Promise<ValidContactRow[]> {
  return chunk.rows ?? gunzipChunk(chunk.gzip!);
}
