import type { CsvSource } from '../csv/csv-source.js';

const PATH_LIKE = /^[^\n\r]*\.(csv|tsv|txt|vcf|vcard|xlsx)$/i;
/** Held in a variable so bundlers for browsers do not try to resolve it. */
const NODE_ENTRY = '@contacts-manager/core/csv/node';

/** In Node, a one-line string ending in .csv, .tsv, .txt, .vcf, .vcard or .xlsx (or a file: URL) names a file; any other string is CSV text. */
export async function resolveImportSource(source: CsvSource | URL): Promise<CsvSource> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const isUrl = typeof URL !== 'undefined' && source instanceof URL;
  if (isNode && (isUrl || (typeof source === 'string' && PATH_LIKE.test(source.trim())))) {
    const nodeEntry = (await import(/* @vite-ignore */ NODE_ENTRY)) as {
      toNodeCsvSource(source: CsvSource | URL): CsvSource;
    };
    return nodeEntry.toNodeCsvSource(source);
  }
  if (isUrl)
    throw new TypeError(
      'A URL source can only be a file: URL, in Node. Fetch it and pass the response body.',
    );
  return source as CsvSource;
}
