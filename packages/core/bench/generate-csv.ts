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

/** Writes `cards` vCards (3.0, as phones export them: N, FN, a work and a mobile TEL, EMAIL). */
export async function writeBenchVcf(path: string, cards: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = '';
  for (let n = 0; n < cards; n++) {
    buffer +=
      `BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\nN:${n};Person;;;\r\nFN:Person ${n}\r\n` +
      `item1.TEL;type=pref:+1 (212) 555-0100\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n` +
      `TEL;type=CELL;type=VOICE:${benchPhone(n)}\r\n` +
      (n % 3 === 0 ? '' : `EMAIL;type=INTERNET;type=HOME:person${n}@example.com\r\n`) +
      'END:VCARD\r\n';
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

/** Writes a workbook of `rows` contacts: phones as numbers on even rows, as text on odd ones. */
export async function writeBenchXlsx(path: string, rows: number): Promise<number> {
  const XLSX = await import('@e965/xlsx');
  const { writeFileSync } = await import('node:fs');
  const data: (string | number)[][] = [['Full Name', 'Mobile', 'Email']];
  for (let n = 0; n < rows; n++) {
    const text = benchPhone(n);
    const digits = text.replace(/\D/g, '');
    data.push([
      `Person ${n}`,
      n % 2 === 0 && text.startsWith('+1') ? Number(digits) : text,
      n % 3 === 0 ? '' : `person${n}@example.com`,
    ]);
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data), 'Contacts');
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  writeFileSync(path, bytes);
  return bytes.length;
}
