import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The phone of contact `n`: distinct per n, in one of the shapes people type; every 100th is bad unless `clean`. */
export function benchPhone(n: number, clean = false): string {
  if (!clean && n % 100 === 99) return `55-${n % 1000}`;
  const exchange = 200 + (Math.floor(n / 10_000) % 800);
  const line = String(n % 10_000).padStart(4, '0');
  switch (n % 5) {
    case 0:
      return `+1415${exchange}${line}`;
    case 1:
      return `(415) ${exchange}-${line}`;
    case 2:
      return `415.${exchange}.${line}`;
    case 3:
      return `+44 20 7${exchange} ${line}`;
    default:
      return `212-${exchange}-${line}`;
  }
}

/** Writes `rows` contacts (Full Name, Phone, Email) to `path`, streamed. */
export async function writeBenchCsv(
  path: string,
  rows: number,
  options: { clean?: boolean } = {},
): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = 'Full Name,Phone,Email\n';
  for (let n = 0; n < rows; n++) {
    const name = n % 50 === 0 ? `"Smith, Person ${n}"` : `Person ${n}`;
    buffer += `${name},${benchPhone(n, options.clean)},${n % 3 === 0 ? '' : `person${n}@example.com`}\n`;
    if (buffer.length > 1 << 20) {
      bytes += buffer.length;
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += buffer.length;
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}
