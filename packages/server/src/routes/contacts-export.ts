import { EXPORT_HEADER, type Contact } from '@contacts-manager/core/schema';
import type { ContactsStore, ExportRow, ListsStore } from '../store/types.js';

const BATCH_SIZE = 1000;
/** Pages of the filtered export (the list endpoint's maximum page). */
const FILTERED_PAGE_SIZE = 200;
/**
 * A cell a spreadsheet would run as a formula: one starting with `= + - @ tab CR`, or with
 * quotes already in front of one (`'=1+1`), so the importer, which takes one `'` off, gives
 * back exactly what was stored.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const BARE_E164 = /^\+\d+$/;
/**
 * Quote any cell holding a separator a spreadsheet might split on (`,` `;` tab), a quote or a
 * line break: unquoted, `a;=1+1` becomes a formula cell where `;` is the separator (OWASP).
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One CSV cell: formula escape (OWASP CSV injection), then RFC 4180 quoting. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !BARE_E164.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const rowLine = (row: Pick<ExportRow, 'fullName' | 'phone' | 'email' | 'listNames' | 'optedOut'>): string =>
  csvLine([row.fullName, row.phone, row.email ?? '', row.listNames.join('; '), row.optedOut ? 'yes' : 'no']);

/** Which contacts an export holds: a list, a search and the opted-out filter, or a selection of ids. */
export interface ExportSelection {
  listId?: string | undefined;
  q?: string | undefined;
  optedOut?: boolean | undefined;
  ids?: readonly string[] | undefined;
}

/** Pages of export rows: the next batch, or null when there are no more. */
type BatchSource = () => Promise<ExportRow[] | null>;

/** Every contact of the account, or of one list: keyset batches straight from the store. */
function wholeAccount(contacts: ContactsStore, accountId: string, listId: string | null): BatchSource {
  let after: [string, string] | null = null;
  let done = false;
  return async () => {
    if (done) return null;
    const { rows, next } = await contacts.exportBatch(accountId, listId, after, BATCH_SIZE);
    if (next) after = next;
    else done = true;
    return rows;
  };
}

/** A search, the opted-out filter or a selection: the list endpoint's pages, with list names. */
function filtered(contacts: ContactsStore, lists: ListsStore, accountId: string, selection: ExportSelection): BatchSource {
  let listNames: Map<string, string> | null = null;
  const loadListNames = async (): Promise<Map<string, string>> => {
    if (listNames) return listNames;
    const names = new Map<string, string>();
    let after: [string, string] | null = null;
    do {
      const page: { lists: { id: string; name: string }[]; next: [string, string] | null } = await lists.list(accountId, after, 200);
      for (const list of page.lists) names.set(list.id, list.name);
      after = page.next;
    } while (after);
    listNames = names;
    return names;
  };
  const toRows = async (found: Contact[]): Promise<ExportRow[]> => {
    const names = await loadListNames();
    const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { sensitivity: 'base' });
    return found.map((contact) => ({ ...contact, listNames: contact.listIds.flatMap((id) => names.get(id) ?? []).sort(byName) }));
  };
  if (selection.ids) {
    let sent = false;
    return async () => {
      if (sent) return null;
      sent = true;
      const byId = new Map((await contacts.getMany(accountId, selection.ids ?? [])).map((contact) => [contact.id, contact]));
      // In the order asked for; unknown and foreign ids are simply absent.
      return toRows([...new Set(selection.ids)].flatMap((id) => byId.get(id) ?? []));
    };
  }
  let cursor: string | undefined;
  let done = false;
  return async () => {
    if (done) return null;
    const page = await contacts.list(accountId, { q: selection.q, listId: selection.listId, optedOut: selection.optedOut, sort: 'name', limit: FILTERED_PAGE_SIZE, cursor });
    if (page.nextCursor) cursor = page.nextCursor;
    else done = true;
    return toRows(page.data);
  };
}

/**
 * The account's contacts as CSV, read a batch at a time as the client pulls, so an export of
 * a million contacts never sits in memory and never holds the database.
 */
export function streamContactsCsv(contacts: ContactsStore, lists: ListsStore, accountId: string, selection: ExportSelection): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const plain = !selection.ids && !selection.q && selection.optedOut === undefined;
  const nextBatch = plain ? wholeAccount(contacts, accountId, selection.listId ?? null) : filtered(contacts, lists, accountId, selection);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(EXPORT_HEADER)));
        return;
      }
      // A pull that enqueues nothing may not be called again, and the reader would wait
      // forever: an empty batch (the keyset read after exactly 1,000 contacts, say) reads on.
      for (;;) {
        const rows = await nextBatch();
        if (rows === null) {
          controller.close();
          return;
        }
        if (rows.length > 0) {
          controller.enqueue(encoder.encode(rows.map(rowLine).join('')));
          return;
        }
      }
    },
  });
}
