import type { ContactSort } from '@contacts-manager/core/schema';
import { decodeCursor } from '../../http/cursor.js';
import type { ContactFilter } from '../types.js';
import { SEARCH_ACCOUNT_STRIDE, SEARCH_ROWID_SQL, SEARCH_TEXT_SQL, WORDS_TEXT_SQL } from './open-database.js';
import type { StatementCache } from './statement-cache.js';

/**
 * Names sort case-insensitively; the key is what the name index holds. Plain toLowerCase():
 * the same mapping as the 'en' locale (only Turkish, Azeri and Lithuanian tailor it), without
 * the ICU call that made it cost 0.9 µs a name, once per row of a million-row import.
 */
export const nameKey = (fullName: string): string => fullName.toLowerCase();

/** Contacts with their register entry: the join every read of a contact makes. */
export const CONTACTS_WITH_REGISTER = `contacts c LEFT JOIN opt_outs o ON o.account_rid = c.account_rid AND o.phone = c.phone`;

export const SORTS: Record<ContactSort, { column: string; direction: 'ASC' | 'DESC' }> = {
  name: { column: 'name_key', direction: 'ASC' },
  '-createdAt': { column: 'created_at', direction: 'DESC' },
  '-updatedAt': { column: 'updated_at', direction: 'DESC' },
};

/** A search walks the sort index (probing matches) once its matches exceed 1/this of the account. */
const PROBE_RATIO = 50;

/** An FTS5 phrase: the text in double quotes, its own quotes doubled. */
const quotePhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** Where a word starts in a name (after a space, a hyphen, an apostrophe or a dot) and in an email; `?` is the query. */
const SHORT_NAME_WORD_STARTS = ['?%', '% ?%', '%-?%', "%'?%", '%.?%'];
const SHORT_EMAIL_WORD_STARTS = ['?%', '%.?%', '%@?%', '%-?%', '%\\_?%', '%+?%'];

/** A short query the word index can look up: letters, digits and marks only (no separator). */
const WORD = /^[\p{L}\p{N}\p{M}]+$/u;

/**
 * One account's contacts an FTS5 index (`contacts_search` or `contacts_words`) matches: its
 * rows are numbered by account, so they are one range of row numbers.
 */
function indexMatches(index: 'contacts_search' | 'contacts_words', account: number, query: string): CandidateSource {
  return {
    sql: `SELECT rowid - ? * ${SEARCH_ACCOUNT_STRIDE} AS rid FROM ${index}
      WHERE ${index} MATCH ? AND rowid >= ? * ${SEARCH_ACCOUNT_STRIDE} AND rowid < (? + 1) * ${SEARCH_ACCOUNT_STRIDE}`,
    params: [account, query, account, account],
  };
}

/** How a search the index answers exactly reads its page (tests make the numbers small). */
export const indexedSearchTuning = {
  /** Up to this many matches are read and sorted; more are met walking the sort index. */
  sortAllMatches: 2000,
  /** How far along the sort index a search walks before sorting its matches instead. */
  walkRows: 20_000,
};

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



/**
 * Which contacts a page shows, and how many match: filters, sorts, cursors and search (`q`)
 * over the trigram and word indexes, and the indexes' upkeep. The store reads the rows.
 */
export class SqliteContactSearch {
  constructor(private readonly sql: StatementCache) {}

  /** The page's contacts in order (one more than the limit when more follow), and the filter's exact total. */
  find(accountId: string, filter: ContactFilter): { rids: number[]; total: number } {
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
        shortSources = word ? [indexMatches('contacts_words', account, `${quotePhrase(word)}*`)] : null;
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
    const indexed = trigramMatch !== null ? [indexMatches('contacts_search', account, trigramMatch)] : shortSources;
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
      const matches = indexMatches('contacts_search', account, exactTrigram);
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
    return { rids, total };
  }

  private contactCount(accountId: string): number {
    return this.sql.get<[number], { n: number }>(`SELECT contact_count AS n FROM accounts WHERE rid = ?`).get(this.sql.accountRid(accountId))?.n ?? 0;
  }

  /** The page of `matches` (all exact) after the cursor: each match read, then sorted. */
  private sortMatches(matches: CandidateSource, filter: ContactFilter, after: unknown[]): number[] {
    const { column, direction } = SORTS[filter.sort];
    const afterCondition = filter.cursor ? `AND (c.${column}, c.id) ${direction === 'ASC' ? '>' : '<'} (?, ?)` : '';
    return this.sql
      .get<unknown[], { rid: number }>(
        `SELECT c.rid FROM (${matches.sql}) m CROSS JOIN contacts c WHERE c.rid = m.rid ${afterCondition} ORDER BY c.${column} ${direction}, c.id ${direction} LIMIT ?`,
      )
      .all(...matches.params, ...after, filter.limit + 1)
      .map((row) => row.rid);
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
    const sortAll = (): number[] => this.sortMatches(matches, filter, after);
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
    if (end === null) return this.sortMatches(matches, filter, after);
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
