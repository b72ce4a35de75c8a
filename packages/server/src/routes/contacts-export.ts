import { EXPORT_HEADER } from '@contacts-manager/core/schema';
import type { StatementCache } from '../db/statement-cache.js';

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

export const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

interface ExportRow {
  id: string;
  name_key: string;
  full_name: string;
  phone: string;
  email: string | null;
  opted_out: number;
}

/**
 * The account's contacts as CSV, read a keyset batch at a time as the client pulls, so an
 * export of a million contacts never sits in memory and never holds the database.
 */
export function streamContactsCsv(sql: StatementCache, accountId: string, listId: string | null): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const listNames = new Map(
    sql
      .get<[string], { id: string; name: string }>(`SELECT id, name FROM lists WHERE account_id = ?`)
      .all(accountId)
      .map((row) => [row.id, row.name]),
  );
  const batch = sql.get<[string, string | null, string | null, string, string, number], ExportRow>(
    `SELECT c.id, c.name_key, c.full_name, c.phone, c.email, (o.phone IS NOT NULL) AS opted_out
       FROM contacts c LEFT JOIN opt_outs o ON o.account_id = c.account_id AND o.phone = c.phone
      WHERE c.account_id = ?
        AND (? IS NULL OR c.id IN (SELECT contact_id FROM contact_lists WHERE list_id = ?))
        AND (c.name_key, c.id) > (?, ?)
      ORDER BY c.name_key, c.id LIMIT ?`,
  );
  const memberships = sql.get<[string], { contact_id: string; list_id: string }>(
    `SELECT contact_id, list_id FROM contact_lists WHERE contact_id IN (SELECT value FROM json_each(?))`,
  );
  let after: [string, string] = ['', ''];
  let headerSent = false;

  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(EXPORT_HEADER)));
        return;
      }
      const rows = batch.all(accountId, listId, listId, after[0], after[1], BATCH_SIZE);
      const last = rows[rows.length - 1];
      if (!last) {
        controller.close();
        return;
      }
      after = [last.name_key, last.id];
      const lists = new Map<string, string[]>();
      for (const { contact_id, list_id } of memberships.all(JSON.stringify(rows.map((row) => row.id)))) {
        const name = listNames.get(list_id);
        if (name === undefined) continue;
        const names = lists.get(contact_id);
        if (names) names.push(name);
        else lists.set(contact_id, [name]);
      }
      let text = '';
      for (const row of rows) {
        const names = (lists.get(row.id) ?? []).sort((a, b) => a.localeCompare(b));
        text += csvLine([row.full_name, row.phone, row.email ?? '', names.join('; '), row.opted_out ? 'yes' : 'no']);
      }
      controller.enqueue(encoder.encode(text));
      if (rows.length < BATCH_SIZE) controller.close();
    },
  });
}
