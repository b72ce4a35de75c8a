import type { Contact, ContactPage as ApiContactPage, ContactSort, ConsentStatus, OptOutSource } from '@contacts-manager/core/schema';

/** A page as the store reads it; the route adds the feed position. */
type ContactPage = Omit<ApiContactPage, 'feedSeq'>;
import { ApiError, notFound } from '../../http/api-error.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { newId } from '../ids.js';
import type { ContactChanges, ContactFilter, ContactsStore, ContactValues, ExportRow } from '../types.js';
import type { Synchronous } from './synchronous.js';
import { SEARCH_TEXT_SQL, SEARCH_ACCOUNT_STRIDE, SEARCH_ROWID_SQL, WORDS_TEXT_SQL } from './open-database.js';
import type { StatementCache } from './statement-cache.js';

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
/** Contacts with their register entry: the join every read of a contact makes. */
const CONTACTS_WITH_REGISTER = `contacts c LEFT JOIN opt_outs o ON o.account_rid = c.account_rid AND o.phone = c.phone`;
const SELECT_CONTACT = `SELECT ${CONTACT_COLUMNS} FROM ${CONTACTS_WITH_REGISTER}`;

const SORTS: Record<ContactSort, { column: string; direction: 'ASC' | 'DESC' }> = {
  name: { column: 'name_key', direction: 'ASC' },
  '-createdAt': { column: 'created_at', direction: 'DESC' },
  '-updatedAt': { column: 'updated_at', direction: 'DESC' },
};

const PAGE_CACHE_SIZE = 500;
/** A search walks the sort index (probing matches) once its matches exceed 1/this of the account. */
const PROBE_RATIO = 50;

/** An FTS5 phrase: the text in double quotes, its own quotes doubled. */
const quotePhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** Where a word starts in a name (after a space, a hyphen, an apostrophe or a dot) and in an email; `?` is the query. */
const SHORT_NAME_WORD_STARTS = ['?%', '% ?%', '%-?%', "%'?%", '%.?%'];
const SHORT_EMAIL_WORD_STARTS = ['?%', '%.?%', '%@?%', '%-?%', '%\\_?%', '%+?%'];

/** A short query the word index can look up: letters, digits and marks only (no separator). */
const WORD = /^[\p{L}\p{N}\p{M}]+$/u;

/** One account's contacts whose indexed text holds the phrases (params: account, FTS query, account, account). */
const TRIGRAM_MATCHES = `SELECT rowid - ? * ${SEARCH_ACCOUNT_STRIDE} AS rid FROM contacts_search
  WHERE contacts_search MATCH ? AND rowid >= ? * ${SEARCH_ACCOUNT_STRIDE} AND rowid < (? + 1) * ${SEARCH_ACCOUNT_STRIDE}`;
/** How a search the index answers exactly reads its page (tests make the numbers small). */
export const indexedSearchTuning = {
  /** Up to this many matches are read and sorted; more are met walking the sort index. */
  sortAllMatches: 2000,
  /** How far along the sort index a search walks before sorting its matches instead. */
  walkRows: 20_000,
};

/** One account's contacts whose name or email has a word starting with the phrase (params: account, phrase, account, account). */
const WORD_MATCHES = `SELECT rowid - ? * ${SEARCH_ACCOUNT_STRIDE} AS rid FROM contacts_words
  WHERE contacts_words MATCH ? AND rowid >= ? * ${SEARCH_ACCOUNT_STRIDE} AND rowid < (? + 1) * ${SEARCH_ACCOUNT_STRIDE}`;

/**
 * The first text after every text starting with `prefix` (its last character moved up one),
 * so `>= prefix AND < end` is an index range; null when there is no such character.
 */
function prefixEnd(prefix: string): string | null {
  const characters = [...prefix];
  const last = characters.pop()?.codePointAt(0);
  if (last === undefined || last === 0x10ffff || last === 0xd7ff) return null;
  return characters.join('') + String.fromCodePoint(last + 1);
}

/** A SELECT of candidate `rid`s for a search, with its parameters. */
interface CandidateSource {
  sql: string;
  params: unknown[];
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (match) => `\\${match}`);

/** Names sort case-insensitively; the key is what the name index holds. */
export const nameKey = (fullName: string): string => fullName.toLocaleLowerCase('en');

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

  constructor(private readonly sql: StatementCache) {}

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
    const account = this.sql.accountRid(accountId);
    const where: string[] = ['c.account_rid = ?'];
    const params: unknown[] = [account];
    /** Trigram phrases (q from 3 characters, the email filter): the index narrows, `where` decides. */
    let trigramMatch: string | null = null;
    /** A short q's candidates: word-index prefix matches and phone ranges. */
    let shortSources: CandidateSource[] | null = null;
    /** A short q that is one word (no phone digits): the word index alone answers it. */
    let shortWord: string | null = null;
    /** A q the trigram index answers exactly by itself (no white space to straddle fields). */
    let exactTrigram: string | null = null;
    if (filter.q) {
      const text = nameKey(filter.q);
      // A query that looks like a phone ("415 555-01") also matches the digits of numbers.
      const digits = /^[\d\s()+./-]+$/.test(filter.q) ? filter.q.replace(/\D/g, '') : '';
      const phrases = [text, ...(digits && digits !== text ? [digits] : [])];
      if (phrases.every((phrase) => [...phrase].length >= 3)) {
        // A substring (each phrase) of the name, the email or the phone's digits, as the trigram
        // index finds it; LIKE checks what the index cannot vouch for.
        const parts = phrases.flatMap((phrase) => {
          const pattern = `%${escapeLike(phrase)}%`;
          params.push(pattern, pattern, pattern);
          return [`c.name_key LIKE ? ESCAPE '\\'`, `c.email LIKE ? ESCAPE '\\'`, `substr(c.phone, 2) LIKE ? ESCAPE '\\'`];
        });
        where.push(`(${parts.join(' OR ')})`);
        trigramMatch = phrases.map(quotePhrase).join(' OR ');
        // Without white space a match cannot straddle two fields of the index's text: the
        // index alone is exact.
        if (!/\s/.test(text)) exactTrigram = trigramMatch;
      } else {
        // One or two characters would match most rows as a substring: a short query matches
        // the start of any word of the name or the email, or the start of the national digits
        // of a number (the international ones for numbers of other countries).
        const start = escapeLike(text);
        const parts = [
          ...SHORT_NAME_WORD_STARTS.map(() => `c.name_key LIKE ? ESCAPE '\\'`),
          ...SHORT_EMAIL_WORD_STARTS.map(() => `c.email LIKE ? ESCAPE '\\'`),
        ];
        params.push(...SHORT_NAME_WORD_STARTS.map((pattern) => pattern.replace('?', () => start)), ...SHORT_EMAIL_WORD_STARTS.map((pattern) => pattern.replace('?', () => start)));
        const word = WORD.test(text) ? text : digits;
        // Each source below is exact (the word index's words are the words LIKE looks for),
        // so only contacts not yet indexed are checked. Text that is no word ("é.", "--") has
        // no index: every contact is checked.
        shortSources = word ? [{ sql: WORD_MATCHES, params: [account, `${quotePhrase(word)}*`, account, account] }] : null;
        if (word && !digits) shortWord = word;
        if (digits) {
          // "+4…" is typed in international form: its digits start the international number.
          const national = filter.callingCode && !filter.q.trim().startsWith('+') ? `+${filter.callingCode}${digits}` : null;
          const from = national ?? `+${digits}`;
          parts.push(`(c.phone >= ? AND c.phone < ?)`);
          params.push(from, `${from}:`);
          shortSources?.push({ sql: `SELECT rid FROM contacts WHERE account_rid = ? AND phone >= ? AND phone < ?`, params: [account, from, `${from}:`] });
          if (national && filter.callingCode) {
            parts.push(`(c.phone NOT LIKE ? AND c.phone >= ? AND c.phone < ?)`);
            params.push(`+${filter.callingCode}%`, `+${digits}`, `+${digits}:`);
            shortSources?.push({
              sql: `SELECT rid FROM contacts WHERE account_rid = ? AND phone >= ? AND phone < ? AND phone NOT LIKE ?`,
              params: [account, `+${digits}`, `+${digits}:`, `+${filter.callingCode}%`],
            });
          }
        }
        where.push(shortSources ? `(NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.rid = c.rid) OR ${parts.join(' OR ')})` : `(${parts.join(' OR ')})`);
      }
    }
    if (filter.listId) {
      where.push('c.rid IN (SELECT contact_rid FROM contact_lists WHERE list_rid = (SELECT rid FROM lists WHERE id = ?))');
      params.push(filter.listId);
    }
    if (filter.optedOut !== undefined) where.push(filter.optedOut ? 'o.phone IS NOT NULL' : 'o.phone IS NULL');
    if (filter.email) {
      const email = filter.email.toLowerCase();
      where.push('c.email = ?');
      params.push(email);
      // No index of its own (every write and delete-all paid for it): the trigram index
      // finds the few contacts whose text holds the address, and `=` checks them.
      if ([...email].length >= 3) {
        trigramMatch = trigramMatch === null ? quotePhrase(email) : `(${trigramMatch}) AND ${quotePhrase(email)}`;
        // An address is rarer than any word start: its candidates are the fewer.
        shortSources = null;
      }
    }
    if (filter.phone) {
      where.push('c.phone = ?');
      params.push(filter.phone);
    }
    const filtered = where.length > 1;
    const FROM = CONTACTS_WITH_REGISTER;
    // Counting needs the register only to filter on it.
    const COUNT_FROM = filter.optedOut === undefined ? 'contacts c' : FROM;
    // Contacts still in the search backlog (a fresh import) are candidates too.
    const indexed = trigramMatch !== null ? [{ sql: TRIGRAM_MATCHES, params: [account, trigramMatch, account, account] }] : shortSources;
    const sources = indexed && [...indexed, { sql: `SELECT rid FROM search_backlog`, params: [] }];
    const candidateSql = sources?.map((source) => source.sql).join(' UNION ') ?? '';
    const candidateParams = sources?.flatMap((source) => source.params) ?? [];

    const { column, direction } = SORTS[filter.sort];
    const order = `ORDER BY c.${column} ${direction}, c.id ${direction}`;
    const after: unknown[] = filter.cursor ? decodeCursor(filter.cursor, filter.sort) : [];
    const afterCondition = `(c.${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (?, ?)`;
    const pageWhere = filter.cursor ? [...where, afterCondition] : where;
    const pageParams = [...params, ...after];
    // Driving from the candidates suits few of them; with many, walking the sort index and
    // probing the candidates fills a page sooner than sorting them all.
    const DRIVING = `(${candidateSql}) m CROSS JOIN ${COUNT_FROM}`;
    const countMatches = (): number =>
      this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${DRIVING} WHERE c.rid = m.rid AND ${where.join(' AND ')}`).get(...candidateParams, ...params)!.n;

    let total: number;
    let rids: number[];
    if (exactTrigram !== null && where.length === 2 && this.searchIndexesCurrent()) {
      // Every contact indexed and none deleted left in the index: the index counts the
      // account's matches by itself, and the page reads only the rows it shows.
      const matches = { sql: TRIGRAM_MATCHES, params: [account, exactTrigram, account, account] };
      total = this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${matches.sql})`).get(...matches.params)!.n;
      rids = this.indexedPage(account, matches, total, filter, after);
    } else if (shortWord !== null && shortSources?.length === 1 && where.length === 2 && this.searchIndexesCurrent()) {
      // A word alone, every contact indexed and no deleted one left in the index: the index
      // counts the account's matches by itself, and only the page needs contacts' rows.
      const [source] = shortSources;
      total = this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${source!.sql})`).get(...source!.params)!.n;
      rids = this.wordPage(account, shortWord, source!, total, filter, after);
    } else if (sources) {
      // The index alone says (in a couple of ms, capped) whether the matches are few; the
      // exact count needs every candidate's row, so it is read once, with the page. Word
      // starts cluster in the sort order (every "zo…" first name sorts last), so a short
      // query never walks the sort index hoping to meet its matches early.
      const cap = Math.floor(this.contactCount(accountId) / PROBE_RATIO) + 1;
      const fewCandidates = (): boolean =>
        sources.reduce((sum, source) => sum + this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${source.sql} LIMIT ?)`).get(...source.params, cap)!.n, 0) < cap;
      if (shortSources !== null || fewCandidates()) {
        // Few matches: one pass over them gives the exact total and the sorted page.
        const rows = this.sql
          .get<unknown[], { rid: number; n: number }>(
            `SELECT rid, n FROM (SELECT c.rid AS rid, c.${column} AS k, c.id AS id, count(*) OVER () AS n
               FROM ${DRIVING} WHERE c.rid = m.rid AND ${where.join(' AND ')}) c
              ${filter.cursor ? `WHERE (c.k, c.id) ${direction === 'ASC' ? '>' : '<'} (?, ?)` : ''}
              ORDER BY c.k ${direction}, c.id ${direction} LIMIT ?`,
          )
          .all(...candidateParams, ...params, ...after, filter.limit + 1);
        rids = rows.map((row) => row.rid);
        total = rows[0]?.n ?? (filter.cursor ? countMatches() : 0);
      } else {
        total = countMatches();
        rids = this.sql
          .get<unknown[], { rid: number }>(`SELECT c.rid FROM ${FROM} WHERE ${[...pageWhere, `c.rid IN (${candidateSql})`].join(' AND ')} ${order} LIMIT ?`)
          .all(...pageParams, ...candidateParams, filter.limit + 1)
          .map((row) => row.rid);
      }
    } else {
      total = filtered
        ? this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${COUNT_FROM} WHERE ${where.join(' AND ')}`).get(...params)!.n
        : this.contactCount(accountId);
      rids = this.sql
        .get<unknown[], { rid: number }>(`SELECT c.rid FROM ${FROM} WHERE ${pageWhere.join(' AND ')} ${order} LIMIT ?`)
        .all(...pageParams, filter.limit + 1)
        .map((row) => row.rid);
    }
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

  /**
   * A page of matches the index found exactly (`total` of them). Few are read and sorted;
   * many are met sooner walking the sort index, so the walk goes first, over a bounded stretch
   * of it, and the sort takes over when the stretch held too few (matches bunched at the end).
   */
  private indexedPage(account: number, matches: CandidateSource, total: number, filter: ContactFilter, after: unknown[]): number[] {
    const { column, direction } = SORTS[filter.sort];
    const afterCondition = filter.cursor ? `AND (c.${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (?, ?)` : '';
    const order = `ORDER BY c.${column} ${direction}, c.id ${direction}`;
    const limit = filter.limit + 1;
    const sortAll = (): number[] =>
      this.sql
        .get<unknown[], { rid: number }>(`SELECT c.rid FROM (${matches.sql}) m CROSS JOIN contacts c WHERE c.rid = m.rid ${afterCondition} ${order} LIMIT ?`)
        .all(...matches.params, ...after, limit)
        .map((row) => row.rid);
    if (total <= indexedSearchTuning.sortAllMatches) return sortAll();
    // The walk stops at the contact `walkRows` along, or at the end when that is nearer.
    const bound = this.sql
      .get<unknown[], Record<string, unknown> & { id: string }>(`SELECT c.${column} AS k, c.id AS id FROM contacts c WHERE c.account_rid = ? ${afterCondition} ${order} LIMIT 1 OFFSET ?`)
      .get(account, ...after, indexedSearchTuning.walkRows);
    const boundCondition = bound ? `AND (c.${column}, c.id) ${direction === 'ASC' ? '<=' : '>='} (?, ?)` : '';
    const walked = this.sql
      .get<unknown[], { rid: number }>(`SELECT c.rid FROM contacts c WHERE c.account_rid = ? ${afterCondition} ${boundCondition} AND c.rid IN (${matches.sql}) ${order} LIMIT ?`)
      .all(account, ...after, ...(bound ? [bound.k, bound.id] : []), ...matches.params, limit)
      .map((row) => row.rid);
    // Fewer than a page within the stretch, and more contacts past it: the matches bunch further on.
    return walked.length === limit || !bound ? walked : sortAll();
  }

  /**
   * A page of one word's matches (all in the word index). Sorted by name, the contacts whose
   * name starts with the word are a range of the name index, in order; only the others
   * (a later word, the email) are read and sorted, and none when the counts say there are none.
   */
  private wordPage(account: number, word: string, matches: CandidateSource, matchCount: number, filter: ContactFilter, after: unknown[]): number[] {
    const afterCondition = filter.cursor ? `AND (c.name_key, c.id) > (?, ?)` : '';
    const limit = filter.limit + 1;
    const end = filter.sort === 'name' ? prefixEnd(word) : null;
    if (end === null) {
      const { column, direction } = SORTS[filter.sort];
      const afterOther = filter.cursor ? `AND (c.${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (?, ?)` : '';
      return this.sql
        .get<unknown[], { rid: number }>(`SELECT c.rid FROM (${matches.sql}) m CROSS JOIN contacts c WHERE c.rid = m.rid ${afterOther} ORDER BY c.${column} ${direction}, c.id ${direction} LIMIT ?`)
        .all(...matches.params, ...after, limit)
        .map((row) => row.rid);
    }
    const STARTS = `SELECT c.rid FROM contacts c WHERE c.account_rid = ? AND c.name_key >= ? AND c.name_key < ?`;
    const starting = this.sql.get<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${STARTS})`).get(account, word, end)!.n;
    if (starting === matchCount) {
      return this.sql
        .get<unknown[], { rid: number }>(`${STARTS} ${afterCondition} ORDER BY c.name_key, c.id LIMIT ?`)
        .all(account, word, end, ...after, limit)
        .map((row) => row.rid);
    }
    return this.sql
      .get<unknown[], { rid: number }>(
        `SELECT rid FROM (
           SELECT * FROM (SELECT c.rid AS rid, c.name_key AS k, c.id AS id FROM contacts c WHERE c.account_rid = ? AND c.name_key >= ? AND c.name_key < ? ${afterCondition} ORDER BY c.name_key, c.id LIMIT ?)
           UNION ALL
           SELECT c.rid, c.name_key, c.id FROM (SELECT rid FROM (${matches.sql}) EXCEPT ${STARTS}) m CROSS JOIN contacts c WHERE c.rid = m.rid ${afterCondition}
         ) ORDER BY k, id LIMIT ?`,
      )
      .all(account, word, end, ...after, limit, ...matches.params, account, word, end, ...after, limit)
      .map((row) => row.rid);
  }

  /** Whether the search indexes hold every contact and no deleted one (the sweep is done). */
  private searchIndexesCurrent(): boolean {
    return this.sql.get<[], { pending: number }>(`SELECT EXISTS (SELECT 1 FROM search_backlog) OR EXISTS (SELECT 1 FROM search_garbage) AS pending`).get()!.pending === 0;
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

  /**
   * Search index housekeeping, up to `limit` rows per call: indexes contacts an import left in
   * the backlog, then clears deleted contacts out (a row number taken again by a new contact
   * keeps its new entry). Returns how many rows it handled: 0 when nothing is left.
   */
  sweepSearchIndex(limit: number): number {
    return this.sql.db.transaction((): number => {
      const pending = this.sql.get<[number], { rid: number }>(`SELECT rid FROM search_backlog ORDER BY rid LIMIT ?`).all(limit).map((row) => row.rid);
      if (pending.length > 0) {
        const json = JSON.stringify(pending);
        this.sql
          .get(`INSERT OR REPLACE INTO contacts_search (rowid, search) SELECT ${SEARCH_ROWID_SQL}, ${SEARCH_TEXT_SQL} FROM contacts WHERE rid IN (SELECT value FROM json_each(?))`)
          .run(json);
        this.sql
          .get(`INSERT OR REPLACE INTO contacts_words (rowid, words) SELECT ${SEARCH_ROWID_SQL}, ${WORDS_TEXT_SQL} FROM contacts WHERE rid IN (SELECT value FROM json_each(?))`)
          .run(json);
        this.sql.get(`DELETE FROM search_backlog WHERE rid IN (SELECT value FROM json_each(?))`).run(json);
        return pending.length;
      }
      const garbage = this.sql.get<[number], { rid: number }>(`SELECT rid FROM search_garbage ORDER BY rid LIMIT ?`).all(limit).map((row) => row.rid);
      if (garbage.length === 0) return 0;
      const json = JSON.stringify(garbage);
      // A row number another contact of the same account took since keeps its new entries.
      for (const index of ['contacts_search', 'contacts_words']) {
        this.sql
          .get(
            `DELETE FROM ${index} WHERE rowid IN (SELECT g.account_rid * ${SEARCH_ACCOUNT_STRIDE} + g.rid FROM search_garbage g WHERE g.rid IN (SELECT value FROM json_each(?))
               AND g.account_rid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.rid = g.rid AND c.account_rid = g.account_rid))`,
          )
          .run(json);
      }
      this.sql.get(`DELETE FROM search_garbage WHERE rid IN (SELECT value FROM json_each(?))`).run(json);
      return garbage.length;
    })();
  }

}
