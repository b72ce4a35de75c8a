import type { Contact, ContactPage as ApiContactPage, ContactSort, ConsentStatus, OptOutSource } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { newId } from '../ids.js';
import { ifMatchAllows, nameKey } from '../sqlite/contacts-store.js';
import type { ContactChanges, ContactFilter, ContactsStore, ContactValues, ExportRow } from '../types.js';
import { all, int, one, oneNamed, type Queryable } from './queryable.js';

type ContactPage = Omit<ApiContactPage, 'feedSeq'>;

interface ContactRow {
  id: string;
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
  list_ids: string[];
}

const SELECT_CONTACT = `SELECT c.id, c.full_name, c.name_key, c.phone, c.email, c.consent_status, c.consent_updated_at, c.created_at, c.updated_at, c.version,
    o.at AS oo_at, o.source AS oo_source, o.keyword AS oo_keyword,
    ARRAY(SELECT cl.list_id FROM contact_lists cl WHERE cl.account_id = c.account_id AND cl.contact_id = c.id ORDER BY cl.list_id) AS list_ids
  FROM contacts c
  -- LATERAL: one index lookup per contact of the page, whatever the planner guesses of the
  -- register's size (a misestimate made it scan the account's whole register per row).
  LEFT JOIN LATERAL (SELECT r.phone, r.at, r.source, r.keyword FROM opt_outs r WHERE r.account_id = c.account_id AND r.phone = c.phone) o ON true`;

/** Pages kept per instance (a widget asks for the same first page again and again). */
const PAGE_CACHE_SIZE = 500;

const SORTS: Record<ContactSort, { column: 'name_key' | 'created_at' | 'updated_at'; direction: 'ASC' | 'DESC' }> = {
  name: { column: 'name_key', direction: 'ASC' },
  '-createdAt': { column: 'created_at', direction: 'DESC' },
  '-updatedAt': { column: 'updated_at', direction: 'DESC' },
};

/** Where a word starts in a name (after a space, a hyphen, an apostrophe or a dot) and in an email; `?` is the query. */
const SHORT_NAME_WORD_STARTS = ['?%', '% ?%', '%-?%', "%'?%", '%.?%'];
const SHORT_EMAIL_WORD_STARTS = ['?%', '%.?%', '%@?%', '%-?%', '%\\_?%', '%+?%'];

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (match) => `\\${match}`);
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, (match) => `\\${match}`);

/**
 * One or two characters: the start of any word of the name or the email, or the start of the
 * national digits of a number (the international ones for other countries'). `p` adds a
 * parameter. Returns the exact condition and a wider one the indexes can answer: pg_trgm reads
 * a pattern's text after a space, hyphen, dot… as a word start ("  z", " zo"), which the
 * trigram index on `search` (the name key, then the email) finds; numbers by their index.
 */
function shortQueryConditions(text: string, digits: string, filter: ContactFilter, p: (value: unknown) => string): { exact: string; indexed: string } {
  const start = escapeLike(text);
  const namePatterns = SHORT_NAME_WORD_STARTS.map((pattern) => p(pattern.replace('?', () => start)));
  const emailPatterns = SHORT_EMAIL_WORD_STARTS.map((pattern) => p(pattern.replace('?', () => start)));
  const parts = [...namePatterns.map((pattern) => `c.name_key LIKE ${pattern}`), ...emailPatterns.map((pattern) => `c.email LIKE ${pattern}`)];
  // `search` starts with the name key; the email follows a space (so its start is a word start
  // there). One regular expression covers every word start: pg_trgm reads it as the same
  // trigrams as each LIKE pattern ("  z", " zo"), so the index is scanned once, not once per
  // pattern (eleven scans of the same posting lists were half of a short search's time).
  const indexed = [`c.search ~ ${p(`(^|[ .@_+'-])${escapeRegex(text)}`)}`];
  if (digits && filter.q) {
    // "+4…" is typed in international form: its digits start the international number.
    const national = filter.callingCode && !filter.q.trim().startsWith('+') ? `+${filter.callingCode}${digits}` : null;
    const first = national ?? `+${digits}`;
    const range = `(c.phone >= ${p(first)} AND c.phone < ${p(`${first}:`)})`;
    parts.push(range);
    indexed.push(range);
    if (national && filter.callingCode) {
      const otherRange = `(c.phone >= ${p(`+${digits}`)} AND c.phone < ${p(`+${digits}:`)})`;
      parts.push(`(c.phone NOT LIKE ${p(`+${filter.callingCode}%`)} AND ${otherRange})`);
      indexed.push(otherRange);
    }
  }
  return { exact: `(${parts.join(' OR ')})`, indexed: `(${indexed.join(' OR ')})` };
}

const hydrate = (row: ContactRow): Contact => ({
  id: row.id,
  fullName: row.full_name,
  phone: row.phone,
  email: row.email,
  listIds: row.list_ids,
  optedOut: row.oo_at !== null,
  optOut: row.oo_at !== null ? { at: row.oo_at, source: row.oo_source ?? 'manual', ...(row.oo_keyword ? { keyword: row.oo_keyword } : {}) } : null,
  consent: { status: row.consent_status, updatedAt: row.consent_updated_at },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/**
 * Appends `ids` to the account's change feed, in order, with seqs taken from the account's
 * counter (`accounts.change_seq`). The UPDATE locks the account's row until the transaction
 * ends, so two transactions writing one account's feed take their seqs one after the other
 * and the first commits before the second can take a seq: seq order is commit order, and a
 * follower reading `seq > after` can never skip a change that commits later with a lower seq.
 * Other accounts are not held up. Call it last in a transaction, to hold the lock briefly.
 */
export async function recordChanges(db: Queryable, accountId: string, ids: readonly string[], op: 'upsert' | 'delete'): Promise<void> {
  if (ids.length === 0) return;
  const row = await one<{ change_seq: string }>(db, `UPDATE accounts SET change_seq = change_seq + $1 WHERE id = $2 RETURNING change_seq`, [ids.length, accountId]);
  const first = int(row?.change_seq) - ids.length + 1;
  // One row per contact: its latest change replaces the one before.
  await db.query(
    `INSERT INTO changes (account_id, seq, contact_id, op, at)
     SELECT $1, $2::bigint + ordinality - 1, contact_id, $3, $4 FROM unnest($5::text[]) WITH ORDINALITY AS t(contact_id, ordinality)
     ON CONFLICT (account_id, contact_id) DO UPDATE SET seq = excluded.seq, op = excluded.op, at = excluded.at`,
    [accountId, first, op, Date.now(), ids],
  );
}

/**
 * One batch of delete-all in one statement (one round trip): the next `limit` contacts created
 * by `createdBefore`, in (created_at, id) order after `after` (a keyset: deleted rows are not
 * walked again), with their list memberships, the account's count, the job's progress and a
 * delete in the feed for each. Rows another transaction holds are skipped, for a later pass.
 */
export async function deleteContactsBatch(
  db: Queryable,
  accountId: string,
  createdBefore: string,
  limit: number,
  jobId: string,
  after: readonly [string, string] | null,
): Promise<{ deleted: number; last: [string, string] | null }> {
  const nowMs = Date.now();
  const row = await one<{ deleted: string; last_created_at: string | null; last_id: string | null }>(
    db,
    `WITH picked AS (
       SELECT ctid AS row_address, id FROM contacts
        WHERE account_id = $1 AND created_at <= $2 ${after ? 'AND (created_at, id) > ($7, $8)' : ''}
        ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),
     -- By arrays, not joins: the planner cannot tell how few rows a CTE holds, and a join made
     -- it hash the account's every contact for each batch.
     unlisted AS (DELETE FROM contact_lists cl WHERE cl.account_id = $1 AND cl.contact_id = ANY (ARRAY(SELECT id FROM picked))),
     gone AS (DELETE FROM contacts c WHERE c.ctid = ANY (ARRAY(SELECT row_address FROM picked)) RETURNING c.id, c.created_at),
     counted AS (SELECT count(*) AS n FROM gone),
     account AS (
       -- Seqs from the account's counter, its row locked until commit (see recordChanges).
       UPDATE accounts a SET contact_count = a.contact_count - counted.n, change_seq = a.change_seq + counted.n
         FROM counted WHERE a.id = $1 AND counted.n > 0 RETURNING a.change_seq - counted.n AS before),
     progress AS (
       UPDATE jobs j SET done = j.done + counted.n, updated_at = $5
         FROM counted WHERE j.account_id = $1 AND j.id = $4 AND counted.n > 0),
     feed AS (
       INSERT INTO changes (account_id, seq, contact_id, op, at)
       SELECT $1, account.before + row_number() OVER (ORDER BY g.created_at, g.id), g.id, 'delete', $6 FROM gone g, account
       ON CONFLICT (account_id, contact_id) DO UPDATE SET seq = excluded.seq, op = excluded.op, at = excluded.at)
     SELECT counted.n AS deleted, last.created_at AS last_created_at, last.id AS last_id
       FROM counted LEFT JOIN (SELECT created_at, id FROM gone ORDER BY created_at DESC, id DESC LIMIT 1) last ON true`,
    [accountId, createdBefore, limit, jobId, new Date(nowMs).toISOString(), nowMs, ...(after ? [after[0], after[1]] : [])],
  );
  const deleted = int(row?.deleted);
  return { deleted, last: row?.last_created_at != null && row.last_id != null ? [row.last_created_at, row.last_id] : null };
}

/** Every read and write of contacts, the opt-out register and the change feed, on PostgreSQL. */
export class PostgresContactsStore implements ContactsStore {
  /** Recent pages by account and filter, oldest first (Map order), each with the feed seq it was read at. */
  private readonly pageCache = new Map<string, ApiContactPage>();

  constructor(private readonly db: Queryable) {}

  async get(accountId: string, id: string): Promise<Contact | null> {
    const row = await one<ContactRow>(this.db, `${SELECT_CONTACT} WHERE c.account_id = $1 AND c.id = $2`, [accountId, id]);
    return row ? hydrate(row) : null;
  }

  async require(accountId: string, id: string): Promise<Contact> {
    const contact = await this.get(accountId, id);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  async getMany(accountId: string, ids: readonly string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    return (await all<ContactRow>(this.db, `${SELECT_CONTACT} WHERE c.account_id = $1 AND c.id = ANY($2::text[])`, [accountId, ids])).map(hydrate);
  }

  async findIdByPhone(accountId: string, phone: string): Promise<string | null> {
    return (await one<{ id: string }>(this.db, `SELECT id FROM contacts WHERE account_id = $1 AND phone = $2`, [accountId, phone]))?.id ?? null;
  }

  /**
   * Pages, reused while the account has no newer change: every write to a contact (and so to
   * anything a page shows) takes a new seq from the account's counter, so `change_seq` is an
   * exact version of its contacts, and every instance reads it from the database.
   */
  async listWithFeedSeq(accountId: string, filter: ContactFilter): Promise<ApiContactPage> {
    const key = `${accountId} ${JSON.stringify(filter)}`;
    const cached = this.pageCache.get(key);
    if (cached) {
      const head = await oneNamed<{ change_seq: string }>(this.db, 'feed-head', `SELECT change_seq FROM accounts WHERE id = $1`, [accountId]);
      this.pageCache.delete(key);
      if (int(head?.change_seq) === cached.feedSeq) {
        this.pageCache.set(key, cached);
        return cached;
      }
    }
    const page = await this.readPage(accountId, filter);
    this.pageCache.set(key, page);
    if (this.pageCache.size > PAGE_CACHE_SIZE) this.pageCache.delete(this.pageCache.keys().next().value!);
    return page;
  }

  async list(accountId: string, filter: ContactFilter): Promise<ContactPage> {
    const { data, nextCursor, total } = await this.listWithFeedSeq(accountId, filter);
    return { data, nextCursor, total };
  }

  /**
   * One statement, so one snapshot: the feed head, the total and the page agree exactly (a
   * follower starting from `feedSeq` misses nothing and replays nothing), in one round trip.
   */
  private async readPage(accountId: string, filter: ContactFilter): Promise<ApiContactPage> {
    const params: unknown[] = [accountId];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = ['c.account_id = $1'];
    if (filter.q) {
      const text = nameKey(filter.q);
      // A query that looks like a phone ("415 555-01") also matches the digits of numbers.
      const digits = /^[\d\s()+./-]+$/.test(filter.q) ? filter.q.replace(/\D/g, '') : '';
      const phrases = [text, ...(digits && digits !== text ? [digits] : [])];
      if (phrases.every((phrase) => [...phrase].length >= 3)) {
        // The trigram index narrows on `search`; the exact conditions say what matches.
        const pattern = p(`%${escapeLike(text)}%`);
        const parts = [`c.name_key LIKE ${pattern}`, `c.email LIKE ${pattern}`];
        const indexed = [`c.search LIKE ${pattern}`];
        if (digits) {
          const digitPattern = p(`%${digits}%`);
          parts.push(`c.phone LIKE ${digitPattern}`);
          indexed.push(`c.search LIKE ${digitPattern}`);
        }
        where.push(`(${indexed.join(' OR ')})`, `(${parts.join(' OR ')})`);
      } else {
        const { exact, indexed } = shortQueryConditions(text, digits, filter, p);
        where.push(indexed, exact);
      }
    }
    if (filter.listId) where.push(`EXISTS (SELECT 1 FROM contact_lists cl WHERE cl.account_id = c.account_id AND cl.contact_id = c.id AND cl.list_id = ${p(filter.listId)})`);
    if (filter.optedOut !== undefined) where.push(filter.optedOut ? 'o.phone IS NOT NULL' : 'o.phone IS NULL');
    if (filter.email) {
      const email = filter.email.toLowerCase();
      where.push(`c.email = ${p(email)}`);
      // No index of its own (every write would pay for it): the trigram index finds the few
      // contacts whose text holds the address, and `=` checks them.
      if ([...email].length >= 3) where.push(`c.search LIKE ${p(`%${escapeLike(email)}%`)}`);
    }
    if (filter.phone) where.push(`c.phone = ${p(filter.phone)}`);
    const { column, direction } = SORTS[filter.sort];
    const order = `${direction}, id ${direction}`;
    const after = filter.cursor ? decodeCursor(filter.cursor, filter.sort) : null;
    const afterCondition = (key: string, id: string): string => `(${key}, ${id}) ${direction === 'ASC' ? '>' : '<'} (${p(String(after![0]))}, ${p(after![1])})`;
    const from = filter.optedOut === undefined ? 'contacts c' : `contacts c LEFT JOIN opt_outs o ON o.account_id = c.account_id AND o.phone = c.phone`;
    let hits: string;
    let page: string;
    let total: string;
    if (filter.q) {
      // A search reads its matches (found through the indexes) once: their count and the page
      // come from the same pass, and only the page's rows are read in full.
      hits = `matches AS (SELECT c.id, c.${column} AS k, count(*) OVER () AS total FROM ${from} WHERE ${where.join(' AND ')}),
              hits AS (SELECT id, k, total FROM matches ${after ? `WHERE ${afterCondition('k', 'id')}` : ''} ORDER BY k ${order} LIMIT ${p(filter.limit + 1)})`;
      total = after ? '(SELECT count(*) FROM matches)' : '0';
      total = `coalesce((SELECT total FROM hits LIMIT 1), ${total})`;
      page = `${SELECT_CONTACT} WHERE c.account_id = $1 AND c.id IN (SELECT id FROM hits)`;
    } else {
      const pageWhere = after ? [...where, afterCondition(`c.${column}`, 'c.id')] : where;
      hits = '';
      page = `${SELECT_CONTACT} WHERE ${pageWhere.join(' AND ')} ORDER BY c.${column} ${direction}, c.id ${direction} LIMIT ${p(filter.limit + 1)}`;
      total = where.length > 1 ? `(SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')})` : 'head.contact_count';
    }
    const rows = await all<ContactRow & { feed_seq: string; total: string }>(
      this.db,
      `WITH head AS (SELECT change_seq, contact_count FROM accounts WHERE id = $1),
            ${hits ? `${hits},` : ''}
            page AS (${page})
       SELECT head.change_seq AS feed_seq, ${total} AS total, page.* FROM head LEFT JOIN page ON true
        ORDER BY page.${column} ${direction}, page.id ${direction}`,
      params,
    );
    const first = rows[0];
    const found = first?.id === null || first?.id === undefined ? [] : rows;
    const hasMore = found.length > filter.limit;
    const pageRows = hasMore ? found.slice(0, filter.limit) : found;
    const last = pageRows[pageRows.length - 1];
    return {
      data: pageRows.map(hydrate),
      nextCursor: hasMore && last ? encodeCursor(filter.sort, last[column], last.id) : null,
      total: int(first?.total),
      feedSeq: int(first?.feed_seq),
    };
  }

  async assertListsExist(accountId: string, listIds: readonly string[], field = 'listIds'): Promise<void> {
    if (listIds.length === 0) return;
    const found = new Set((await all<{ id: string }>(this.db, `SELECT id FROM lists WHERE account_id = $1 AND id = ANY($2::text[])`, [accountId, listIds])).map((row) => row.id));
    const errors = listIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ path: field === 'listId' ? field : `${field}.${index}`, code: 'not_found', message: `List ${id} was not found.` }],
    );
    if (errors.length > 0) throw new ApiError(404, 'not_found', 'List was not found.', { errors });
  }

  private async assertPhoneFree(accountId: string, phone: string, exceptId?: string): Promise<void> {
    const holder = await this.findIdByPhone(accountId, phone);
    if (holder && holder !== exceptId) {
      throw new ApiError(409, 'duplicate_phone', `Another contact already has the phone number ${phone}.`, {
        extensions: { contactId: holder },
        errors: [{ path: 'phone', code: 'duplicate_phone', message: `Another contact already has the phone number ${phone}.` }],
      });
    }
  }

  private async isOptedOut(accountId: string, phone: string): Promise<boolean> {
    return (await one(this.db, `SELECT 1 FROM opt_outs WHERE account_id = $1 AND phone = $2`, [accountId, phone])) !== null;
  }

  async addToOptOutRegister(accountId: string, phone: string, source: OptOutSource, keyword: string | null = null): Promise<boolean> {
    const result = await this.db.query(`INSERT INTO opt_outs (account_id, phone, at, source, keyword) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
      accountId,
      phone,
      new Date().toISOString(),
      source,
      keyword,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async removeFromOptOutRegister(accountId: string, phone: string): Promise<boolean> {
    return ((await this.db.query(`DELETE FROM opt_outs WHERE account_id = $1 AND phone = $2`, [accountId, phone])).rowCount ?? 0) > 0;
  }

  private async setLists(accountId: string, contactId: string, listIds: readonly string[]): Promise<void> {
    await this.db.query(`DELETE FROM contact_lists WHERE account_id = $1 AND contact_id = $2`, [accountId, contactId]);
    if (listIds.length > 0) {
      await this.db.query(`INSERT INTO contact_lists (account_id, contact_id, list_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`, [accountId, contactId, listIds]);
    }
  }

  async create(accountId: string, values: ContactValues): Promise<Contact> {
    await this.assertListsExist(accountId, values.listIds);
    await this.assertPhoneFree(accountId, values.phone);
    const now = new Date().toISOString();
    const id = newId('ct');
    try {
      await this.db.query(
        `INSERT INTO contacts (account_id, id, full_name, name_key, phone, email, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)`,
        [accountId, id, values.fullName, nameKey(values.fullName), values.phone, values.email, now],
      );
    } catch (error) {
      // Another request took the number between the check and the insert.
      if ((error as { code?: string }).code === '23505') {
        const message = `Another contact already has the phone number ${values.phone}.`;
        throw new ApiError(409, 'duplicate_phone', message, { errors: [{ path: 'phone', code: 'duplicate_phone', message }] });
      }
      throw error;
    }
    await this.setLists(accountId, id, values.listIds);
    await this.adjustCount(accountId, 1);
    if (values.optedOut) await this.addToOptOutRegister(accountId, values.phone, 'manual');
    await recordChanges(this.db, accountId, [id], 'upsert');
    return this.require(accountId, id);
  }

  private assertVersion(current: Contact, ifMatch: string | undefined): void {
    if (!ifMatchAllows(ifMatch, current.version)) {
      throw new ApiError(412, 'precondition_failed', `The contact has changed since version ${ifMatch}; it is now at version ${current.version}.`, {
        extensions: { current },
        headers: { ETag: `"${current.version}"` },
      });
    }
  }

  /** The contact, its row locked until the transaction ends: concurrent If-Match writers take turns. */
  private async lockCurrent(accountId: string, id: string): Promise<Contact> {
    const locked = await one(this.db, `SELECT 1 FROM contacts WHERE account_id = $1 AND id = $2 FOR UPDATE`, [accountId, id]);
    if (!locked) throw notFound('Contact');
    return this.require(accountId, id);
  }

  async update(accountId: string, id: string, changes: ContactChanges, ifMatch: string | undefined): Promise<Contact> {
    const current = await this.lockCurrent(accountId, id);
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
    if (next.phone !== current.phone) await this.assertPhoneFree(accountId, next.phone, id);
    if (changes.listIds) {
      const wanted = [...new Set(changes.listIds)];
      await this.assertListsExist(accountId, wanted);
      const same = wanted.length === current.listIds.length && wanted.every((listId) => current.listIds.includes(listId));
      if (!same) {
        await this.setLists(accountId, id, wanted);
        changed = true;
      }
    }
    if (changes.optedOut === true && !(await this.isOptedOut(accountId, next.phone))) {
      await this.addToOptOutRegister(accountId, next.phone, 'manual');
      changed = true;
    } else if (next.phone !== current.phone) {
      changed = true;
    }
    // The person revoked consent, not just the number: a new number of an opted-out contact is
    // opted out too, with the same source; the old number stays in the register.
    if (next.phone !== current.phone && current.optOut) {
      await this.addToOptOutRegister(accountId, next.phone, current.optOut.source, current.optOut.keyword ?? null);
    }
    if (!changed) return current;
    await this.db.query(
      `UPDATE contacts SET full_name = $1, name_key = $2, phone = $3, email = $4, updated_at = $5, version = version + 1 WHERE account_id = $6 AND id = $7`,
      [next.fullName, nameKey(next.fullName), next.phone, next.email, new Date().toISOString(), accountId, id],
    );
    await recordChanges(this.db, accountId, [id], 'upsert');
    return this.require(accountId, id);
  }

  async touch(accountId: string, contactIds: readonly string[]): Promise<void> {
    if (contactIds.length === 0) return;
    await this.db.query(`UPDATE contacts SET updated_at = $1, version = version + 1 WHERE account_id = $2 AND id = ANY($3::text[])`, [new Date().toISOString(), accountId, contactIds]);
    await recordChanges(this.db, accountId, contactIds, 'upsert');
  }

  async setConsent(accountId: string, contactId: string, status: ConsentStatus): Promise<void> {
    const now = new Date().toISOString();
    await this.db.query(`UPDATE contacts SET consent_status = $1, consent_updated_at = $2, updated_at = $2, version = version + 1 WHERE account_id = $3 AND id = $4`, [
      status,
      now,
      accountId,
      contactId,
    ]);
    await recordChanges(this.db, accountId, [contactId], 'upsert');
  }

  async delete(accountId: string, id: string, ifMatch: string | undefined): Promise<void> {
    const current = await this.lockCurrent(accountId, id);
    this.assertVersion(current, ifMatch);
    await this.db.query(`DELETE FROM contact_lists WHERE account_id = $1 AND contact_id = $2`, [accountId, id]);
    await this.db.query(`DELETE FROM contacts WHERE account_id = $1 AND id = $2`, [accountId, id]);
    await this.adjustCount(accountId, -1);
    await recordChanges(this.db, accountId, [id], 'delete');
  }

  async adjustCount(accountId: string, delta: number): Promise<void> {
    if (delta !== 0) await this.db.query(`UPDATE accounts SET contact_count = contact_count + $1 WHERE id = $2`, [delta, accountId]);
  }

  async contactCount(accountId: string): Promise<number> {
    return int((await one<{ n: string }>(this.db, `SELECT contact_count AS n FROM accounts WHERE id = $1`, [accountId]))?.n);
  }

  /** One batch of delete-all, counted into its job in the same transaction (the caller's). */
  async deleteBatch(accountId: string, createdBefore: string, limit: number, jobId: string): Promise<number> {
    return (await deleteContactsBatch(this.db, accountId, createdBefore, limit, jobId, null)).deleted;
  }

  async exportBatch(accountId: string, listId: string | null, after: readonly [string, string] | null, limit: number): Promise<{ rows: ExportRow[]; next: [string, string] | null }> {
    const rows = await all<{ id: string; name_key: string; full_name: string; phone: string; email: string | null; opted_out: boolean; list_names: string[] }>(
      this.db,
      `SELECT c.id, c.name_key, c.full_name, c.phone, c.email, (o.phone IS NOT NULL) AS opted_out,
              ARRAY(SELECT l.name FROM contact_lists cl JOIN lists l ON l.account_id = cl.account_id AND l.id = cl.list_id
                     WHERE cl.account_id = c.account_id AND cl.contact_id = c.id ORDER BY l.name_key) AS list_names
         FROM contacts c LEFT JOIN opt_outs o ON o.account_id = c.account_id AND o.phone = c.phone
        WHERE c.account_id = $1
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM contact_lists m WHERE m.account_id = c.account_id AND m.contact_id = c.id AND m.list_id = $2))
          AND (c.name_key, c.id) > ($3, $4)
        ORDER BY c.name_key, c.id LIMIT $5`,
      [accountId, listId, after?.[0] ?? '', after?.[1] ?? '', limit],
    );
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((row) => ({ id: row.id, fullName: row.full_name, phone: row.phone, email: row.email, listNames: row.list_names, optedOut: row.opted_out })),
      next: rows.length === limit && last ? [last.name_key, last.id] : null,
    };
  }

  /** The trigram index is kept by PostgreSQL itself: nothing to sweep. */
  async sweepSearchIndex(): Promise<number> {
    return 0;
  }
}
