import type { Contact, ContactPage as ApiContactPage, ConsentStatus, OptOutSource } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { encodeCursor } from '../../http/cursor.js';
import { newId } from '../ids.js';
import type { ContactChanges, ContactFilter, ContactsStore, ContactValues, ExportRow } from '../types.js';
import { CONTACTS_WITH_REGISTER, nameKey, SORTS, SqliteContactSearch } from './contact-search.js';
import { SEARCH_ROWID_SQL, SEARCH_TEXT_SQL, WORDS_TEXT_SQL } from './open-database.js';
import type { StatementCache } from './statement-cache.js';
import type { Synchronous } from './synchronous.js';

export { nameKey } from './contact-search.js';

/** A page as the store reads it; the route adds the feed position. */
type ContactPage = Omit<ApiContactPage, 'feedSeq'>;

interface ContactRow {
  rid: number;
  id: string;
  account_rid: number;
  full_name: string;
  name_key: string;
  phone: string;
  email: string | null;
  consent_status: ConsentStatus;
  consent_updated_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  oo_at: string | null;
  oo_source: OptOutSource | null;
  oo_keyword: string | null;
  list_ids: string | null;
}

/** A contact's columns, its register entry and its lists (sorted ids), in one row. */
const CONTACT_COLUMNS = `c.*, o.at AS oo_at, o.source AS oo_source, o.keyword AS oo_keyword,
  (SELECT group_concat(l.id, ',' ORDER BY l.id) FROM contact_lists cl JOIN lists l ON l.rid = cl.list_rid WHERE cl.contact_rid = c.rid) AS list_ids`;
const SELECT_CONTACT = `SELECT ${CONTACT_COLUMNS} FROM ${CONTACTS_WITH_REGISTER}`;

const PAGE_CACHE_SIZE = 500;

/** Parses `If-Match`: `*`, `"3"`, `W/"3"` or a bare `3` (what the SDK may send). */
export function ifMatchAllows(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  return header.split(',').some((part) => {
    const tag = part.trim();
    if (tag === '*') return true;
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(tag);
    return match !== null && Number(match[1]) === version;
  });
}

/** Every read and write of contacts, the opt-out register and the change feed. */
export class SqliteContactsStore implements Synchronous<Omit<ContactsStore, 'listWithFeedSeq'>> {
  /** Recent pages by account and query, oldest first (Map order). */
  private readonly pageCache = new Map<string, { version: number; page: ContactPage }>();

  private readonly search: SqliteContactSearch;

  constructor(private readonly sql: StatementCache) {
    this.search = new SqliteContactSearch(sql);
  }

  private now(): string {
    return new Date().toISOString();
  }

  // ---- reads -------------------------------------------------------------------------

  private hydrate(rows: ContactRow[]): Contact[] {
    return rows.map((row) => ({
      id: row.id,
      fullName: row.full_name,
      phone: row.phone,
      email: row.email,
      listIds: row.list_ids ? row.list_ids.split(',') : [],
      optedOut: row.oo_at !== null,
      optOut:
        row.oo_at !== null
          ? { at: row.oo_at, source: row.oo_source ?? 'manual', ...(row.oo_keyword ? { keyword: row.oo_keyword } : {}) }
          : null,
      consent: { status: row.consent_status, updatedAt: row.consent_updated_at },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
    }));
  }

  get(accountId: string, id: string): Contact | null {
    const row = this.sql.get<[string, number], ContactRow>(`${SELECT_CONTACT} WHERE c.id = ? AND c.account_rid = ?`).get(id, this.sql.accountRid(accountId));
    return row ? (this.hydrate([row])[0] ?? null) : null;
  }

  require(accountId: string, id: string): Contact {
    const contact = this.get(accountId, id);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  getMany(accountId: string, ids: readonly string[]): Contact[] {
    if (ids.length === 0) return [];
    const rows = this.sql
      .get<[string, number], ContactRow>(`${SELECT_CONTACT} WHERE c.id IN (SELECT value FROM json_each(?)) AND c.account_rid = ?`)
      .all(JSON.stringify(ids), this.sql.accountRid(accountId));
    return this.hydrate(rows);
  }

  findIdByPhone(accountId: string, phone: string): string | null {
    const row = this.sql
      .get<[number, string], { id: string }>(`SELECT id FROM contacts WHERE account_rid = ? AND phone = ?`)
      .get(this.sql.accountRid(accountId), phone);
    return row?.id ?? null;
  }

  /**
   * Pages, reused while the account has no newer change: every write to a contact (and so to
   * anything a page shows) adds a change with a higher seq, so the account's latest seq is an
   * exact version of its contacts. Widgets ask for the same first page again and again.
   */
  list(accountId: string, filter: ContactFilter): ContactPage {
    const version = this.sql.get<[number], { seq: number }>(`SELECT change_seq AS seq FROM accounts WHERE rid = ?`).get(this.sql.accountRid(accountId))?.seq ?? 0;
    const key = `${accountId} ${JSON.stringify(filter)}`;
    const cached = this.pageCache.get(key);
    if (cached && cached.version === version) return cached.page;
    const page = this.readPage(accountId, filter);
    this.pageCache.delete(key);
    this.pageCache.set(key, { version, page });
    if (this.pageCache.size > PAGE_CACHE_SIZE) this.pageCache.delete(this.pageCache.keys().next().value!);
    return page;
  }

  private readPage(accountId: string, filter: ContactFilter): ContactPage {
    const { rids, total } = this.search.find(accountId, filter);
    const { column } = SORTS[filter.sort];
    // The page's rows are read in full only now: building every matching contact (its lists,
    // its register entry) before the sort cost more than the search.
    const byRid = new Map(
      this.sql
        .get<[string], ContactRow>(`${SELECT_CONTACT} WHERE c.rid IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(rids))
        .map((row) => [row.rid, row]),
    );
    const rows = rids.flatMap((rid) => byRid.get(rid) ?? []);
    const hasMore = rows.length > filter.limit;
    const pageRows = hasMore ? rows.slice(0, filter.limit) : rows;
    const last = pageRows[pageRows.length - 1];
    const lastKey = last ? (column === 'name_key' ? last.name_key : column === 'created_at' ? last.created_at : last.updated_at) : null;
    return {
      data: this.hydrate(pageRows),
      nextCursor: hasMore && last && lastKey !== null ? encodeCursor(filter.sort, lastKey, last.id) : null,
      total,
    };
  }


  // ---- writes (each caller runs them inside one transaction) ----------------------------

  assertListsExist(accountId: string, listIds: readonly string[], field = 'listIds'): void {
    if (listIds.length === 0) return;
    const found = new Set(
      this.sql
        .get<[number, string], { id: string }>(`SELECT id FROM lists WHERE account_rid = ? AND id IN (SELECT value FROM json_each(?))`)
        .all(this.sql.accountRid(accountId), JSON.stringify(listIds))
        .map((row) => row.id),
    );
    const errors = listIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ path: field === 'listId' ? field : `${field}.${index}`, code: 'not_found', message: `List ${id} was not found.` }],
    );
    // Another account's id must look exactly like one that does not exist: 404, never 403.
    if (errors.length > 0) throw new ApiError(404, 'not_found', 'List was not found.', { errors });
  }

  private assertPhoneFree(accountId: string, phone: string, exceptId?: string): void {
    const holder = this.findIdByPhone(accountId, phone);
    if (holder && holder !== exceptId) {
      throw new ApiError(409, 'duplicate_phone', `Another contact already has the phone number ${phone}.`, {
        extensions: { contactId: holder },
        errors: [{ path: 'phone', code: 'duplicate_phone', message: `Another contact already has the phone number ${phone}.` }],
      });
    }
  }

  /** The contact's latest change, under the account's next seq (replacing its previous one). */
  recordChange(accountId: string, contactId: string, op: 'upsert' | 'delete'): void {
    const seq = this.takeSeqs(accountId, 1);
    this.sql.get(`INSERT OR REPLACE INTO changes (account_rid, seq, contact_id, op, at) VALUES (?, ?, ?, ?, ?)`).run(this.sql.accountRid(accountId), seq, contactId, op, Date.now());
  }

  /** Reserves `count` seqs of the account's feed; returns the first. */
  takeSeqs(accountId: string, count: number): number {
    const row = this.sql.get<[number, number], { change_seq: number }>(`UPDATE accounts SET change_seq = change_seq + ? WHERE rid = ? RETURNING change_seq`).get(count, this.sql.accountRid(accountId));
    return (row?.change_seq ?? count) - count + 1;
  }

  isOptedOut(accountId: string, phone: string): boolean {
    return this.sql.get<[number, string], { x: number }>(`SELECT 1 AS x FROM opt_outs WHERE account_rid = ? AND phone = ?`).get(this.sql.accountRid(accountId), phone) !== undefined;
  }

  /** Writes the register; an existing entry is kept as it is (the first opt-out is the record). */
  addToOptOutRegister(accountId: string, phone: string, source: OptOutSource, keyword: string | null = null): boolean {
    const result = this.sql
      .get(`INSERT OR IGNORE INTO opt_outs (account_rid, phone, at, source, keyword) VALUES (?, ?, ?, ?, ?)`)
      .run(this.sql.accountRid(accountId), phone, this.now(), source, keyword);
    return result.changes > 0;
  }

  /** Only an opt-in keyword texted by the contact reaches this. */
  removeFromOptOutRegister(accountId: string, phone: string): boolean {
    return this.sql.get(`DELETE FROM opt_outs WHERE account_rid = ? AND phone = ?`).run(this.sql.accountRid(accountId), phone).changes > 0;
  }

  private setLists(contactId: string, listIds: readonly string[]): void {
    this.sql.get(`DELETE FROM contact_lists WHERE contact_rid = (SELECT rid FROM contacts WHERE id = ?)`).run(contactId);
    this.sql
      .get(`INSERT OR IGNORE INTO contact_lists (contact_rid, list_rid) SELECT c.rid, l.rid FROM contacts c, lists l WHERE c.id = ? AND l.id IN (SELECT value FROM json_each(?))`)
      .run(contactId, JSON.stringify(listIds));
  }

  create(accountId: string, values: ContactValues): Contact {
    this.assertListsExist(accountId, values.listIds);
    this.assertPhoneFree(accountId, values.phone);
    const now = this.now();
    const id = newId('ct');
    this.sql
      .get(
        `INSERT INTO contacts (id, account_rid, full_name, name_key, phone, email, created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(id, this.sql.accountRid(accountId), values.fullName, nameKey(values.fullName), values.phone, values.email, now, now);
    this.sql.get(`INSERT OR REPLACE INTO contacts_search (rowid, search) SELECT ${SEARCH_ROWID_SQL}, ${SEARCH_TEXT_SQL} FROM contacts WHERE id = ?`).run(id);
    this.sql.get(`INSERT OR REPLACE INTO contacts_words (rowid, words) SELECT ${SEARCH_ROWID_SQL}, ${WORDS_TEXT_SQL} FROM contacts WHERE id = ?`).run(id);
    this.setLists(id, values.listIds);
    this.adjustCount(accountId, 1);
    if (values.optedOut) this.addToOptOutRegister(accountId, values.phone, 'manual');
    this.recordChange(accountId, id, 'upsert');
    return this.require(accountId, id);
  }

  /** Fails with 412 (and the current contact) when `If-Match` names another version. */
  assertVersion(current: Contact, ifMatch: string | undefined): void {
    if (!ifMatchAllows(ifMatch, current.version)) {
      throw new ApiError(412, 'precondition_failed', `The contact has changed since version ${ifMatch}; it is now at version ${current.version}.`, {
        extensions: { current },
        headers: { ETag: `"${current.version}"` },
      });
    }
  }

  update(accountId: string, id: string, changes: ContactChanges, ifMatch: string | undefined): Contact {
    const current = this.require(accountId, id);
    this.assertVersion(current, ifMatch);
    if (changes.optedOut === false && current.optedOut) {
      throw new ApiError(409, 'opt_out_locked', 'This number is opted out. Only the contact can opt back in, by texting START or UNSTOP.', {
        errors: [{ path: 'optedOut', code: 'opt_out_locked', message: 'An opt-out cannot be undone here.' }],
      });
    }
    const next = {
      fullName: changes.fullName ?? current.fullName,
      phone: changes.phone ?? current.phone,
      email: changes.email === undefined ? current.email : changes.email,
    };
    let changed = next.fullName !== current.fullName || next.phone !== current.phone || next.email !== current.email;
    if (next.phone !== current.phone) this.assertPhoneFree(accountId, next.phone, id);
    if (changes.listIds) {
      const wanted = [...new Set(changes.listIds)];
      this.assertListsExist(accountId, wanted);
      const same = wanted.length === current.listIds.length && wanted.every((listId) => current.listIds.includes(listId));
      if (!same) {
        this.setLists(id, wanted);
        changed = true;
      }
    }
    if (changes.optedOut === true && !this.isOptedOut(accountId, next.phone)) {
      this.addToOptOutRegister(accountId, next.phone, 'manual');
      changed = true;
    } else if (next.phone !== current.phone) {
      changed = true;
    }
    // The person revoked consent, not just the number: a new number of an opted-out contact is
    // opted out too, with the same source; the old number stays in the register.
    if (next.phone !== current.phone && current.optOut) {
      this.addToOptOutRegister(accountId, next.phone, current.optOut.source, current.optOut.keyword ?? null);
    }
    if (!changed) return current;
    this.sql
      .get(
        `UPDATE contacts SET full_name = ?, name_key = ?, phone = ?, email = ?, updated_at = ?, version = version + 1
         WHERE id = ? AND account_rid = ?`,
      )
      .run(next.fullName, nameKey(next.fullName), next.phone, next.email, this.now(), id, this.sql.accountRid(accountId));
    this.recordChange(accountId, id, 'upsert');
    return this.require(accountId, id);
  }

  /** Bumps version and feed for contacts whose derived state (opt-out, consent, lists) changed. */
  touch(accountId: string, contactIds: readonly string[]): void {
    const update = this.sql.get(`UPDATE contacts SET updated_at = ?, version = version + 1 WHERE id = ? AND account_rid = ?`);
    const now = this.now();
    const account = this.sql.accountRid(accountId);
    for (const contactId of contactIds) {
      update.run(now, contactId, account);
      this.recordChange(accountId, contactId, 'upsert');
    }
  }

  setConsent(accountId: string, contactId: string, status: ConsentStatus): void {
    const now = this.now();
    this.sql
      .get(`UPDATE contacts SET consent_status = ?, consent_updated_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND account_rid = ?`)
      .run(status, now, now, contactId, this.sql.accountRid(accountId));
    this.recordChange(accountId, contactId, 'upsert');
  }

  delete(accountId: string, id: string, ifMatch: string | undefined): void {
    const current = this.require(accountId, id);
    this.assertVersion(current, ifMatch);
    this.sql.get(`DELETE FROM contact_lists WHERE contact_rid = (SELECT rid FROM contacts WHERE id = ?)`).run(id);
    this.sql.get(`INSERT OR IGNORE INTO search_garbage (rid, account_rid) SELECT rid, account_rid FROM contacts WHERE id = ?`).run(id);
    this.sql.get(`DELETE FROM contacts WHERE id = ? AND account_rid = ?`).run(id, this.sql.accountRid(accountId));
    this.adjustCount(accountId, -1);
    this.recordChange(accountId, id, 'delete');
  }

  /** Writers keep the account's contact count, read by every unfiltered first page. */
  adjustCount(accountId: string, delta: number): void {
    if (delta !== 0) this.sql.get(`UPDATE accounts SET contact_count = contact_count + ? WHERE rid = ?`).run(delta, this.sql.accountRid(accountId));
  }

  contactCount(accountId: string): number {
    return this.sql.get<[number], { n: number }>(`SELECT contact_count AS n FROM accounts WHERE rid = ?`).get(this.sql.accountRid(accountId))?.n ?? 0;
  }

  /** One batch of delete-all: the contacts go, each to the feed as a delete; the register stays. */
  deleteBatch(accountId: string, createdBefore: string, limit: number, jobId: string): number {
    return this.sql.db.transaction((): number => {
      const account = this.sql.accountRid(accountId);
      const doomed = this.sql
        .get<[number, string, number], { rid: number; id: string }>(`SELECT rid, id FROM contacts WHERE account_rid = ? AND created_at <= ? ORDER BY created_at LIMIT ?`)
        .all(account, createdBefore, limit);
      if (doomed.length === 0) return 0;
      const rids = JSON.stringify(doomed.map((row) => row.rid));
      this.sql.get(`DELETE FROM contact_lists WHERE contact_rid IN (SELECT value FROM json_each(?))`).run(rids);
      this.sql.get(`INSERT OR IGNORE INTO search_garbage (rid, account_rid) SELECT value, ? FROM json_each(?)`).run(account, rids);
      this.sql.get(`DELETE FROM contacts WHERE rid IN (SELECT value FROM json_each(?))`).run(rids);
      this.adjustCount(accountId, -doomed.length);
      this.sql
        .get(`INSERT OR REPLACE INTO changes (account_rid, seq, contact_id, op, at) SELECT ?, ? + key, value, 'delete', ? FROM json_each(?)`)
        .run(account, this.takeSeqs(accountId, doomed.length), Date.now(), JSON.stringify(doomed.map((row) => row.id)));
      this.sql.get(`UPDATE jobs SET done = done + ?, updated_at = ? WHERE id = ?`).run(doomed.length, new Date().toISOString(), jobId);
      return doomed.length;
    })();
  }

  exportBatch(accountId: string, listId: string | null, after: readonly [string, string] | null, limit: number): { rows: ExportRow[]; next: [string, string] | null } {
    const rows = this.sql
      .get<[number, string | null, string | null, string, string, number], { rid: number; id: string; name_key: string; full_name: string; phone: string; email: string | null; opted_out: number }>(
        `SELECT c.rid, c.id, c.name_key, c.full_name, c.phone, c.email, (o.phone IS NOT NULL) AS opted_out
           FROM ${CONTACTS_WITH_REGISTER}
          WHERE c.account_rid = ?
            AND (? IS NULL OR c.rid IN (SELECT contact_rid FROM contact_lists WHERE list_rid = (SELECT rid FROM lists WHERE id = ?)))
            AND (c.name_key, c.id) > (?, ?)
          ORDER BY c.name_key, c.id LIMIT ?`,
      )
      .all(this.sql.accountRid(accountId), listId, listId, after?.[0] ?? '', after?.[1] ?? '', limit);
    const names = new Map<number, string[]>();
    const memberships = this.sql
      .get<[string], { contact_rid: number; name: string }>(
        `SELECT cl.contact_rid, l.name FROM contact_lists cl JOIN lists l ON l.rid = cl.list_rid
          WHERE cl.contact_rid IN (SELECT value FROM json_each(?)) ORDER BY l.name_key`,
      )
      .all(JSON.stringify(rows.map((row) => row.rid)));
    for (const { contact_rid, name } of memberships) {
      const list = names.get(contact_rid);
      if (list) list.push(name);
      else names.set(contact_rid, [name]);
    }
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((row) => ({ id: row.id, fullName: row.full_name, phone: row.phone, email: row.email, listNames: names.get(row.rid) ?? [], optedOut: row.opted_out === 1 })),
      next: rows.length === limit && last ? [last.name_key, last.id] : null,
    };
  }

  /** Search index housekeeping: see SqliteContactSearch.sweepSearchIndex. */
  sweepSearchIndex(limit: number): number {
    return this.search.sweepSearchIndex(limit);
  }
}
