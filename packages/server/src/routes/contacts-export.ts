import { EXPORT_HEADER } from '@contacts-manager/core/schema';
import type { ContactsStore } from '../store/types.js';

const BATCH_SIZE = 1000;
const FORMULA_START = /^[=+\-@\t\r]/;
const BARE_E164 = /^\+\d+$/;

/**
 * One CSV cell: cells a spreadsheet would run as a formula get a leading `'` (OWASP CSV
 * injection), except a bare E.164 number, which cannot be one; then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !BARE_E164.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * The account's contacts as CSV, read a keyset batch at a time as the client pulls, so an
 * export of a million contacts never sits in memory and never holds the database.
 */
export function streamContactsCsv(contacts: ContactsStore, accountId: string, listId: string | null): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: [string, string] | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(EXPORT_HEADER)));
        return;
      }
      const { rows, next } = await contacts.exportBatch(accountId, listId, after, BATCH_SIZE);
      let text = '';
      for (const row of rows) {
        text += csvLine([row.fullName, row.phone, row.email ?? '', row.listNames.join('; '), row.optedOut ? 'yes' : 'no']);
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (next) after = next;
      else controller.close();
    },
  });
}
