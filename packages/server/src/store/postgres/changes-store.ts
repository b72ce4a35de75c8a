import type { Change } from '@contacts-manager/core/schema';
import type { ChangesStore } from '../types.js';
import type { PostgresContactsStore } from './contacts-store.js';
import { all, int, one, oneNamed, type Queryable } from './queryable.js';

/**
 * The per-account feed: one row per contact, its latest change, under seqs the account's
 * counter hands out in commit order (see recordChanges).
 */
export class PostgresChangesStore implements ChangesStore {
  constructor(
    private readonly db: Queryable,
    private readonly contacts: PostgresContactsStore,
  ) {}

  async floor(accountId: string): Promise<number> {
    return int((await one<{ changes_floor: string }>(this.db, `SELECT changes_floor FROM accounts WHERE id = $1`, [accountId]))?.changes_floor);
  }

  /** The last seq handed out and committed (the counter moves only in committed transactions). */
  async head(accountId: string): Promise<number> {
    return int((await oneNamed<{ change_seq: string }>(this.db, 'feed-head', `SELECT change_seq FROM accounts WHERE id = $1`, [accountId]))?.change_seq);
  }

  async page(accountId: string, after: number, limit: number): Promise<{ data: Change[]; nextAfter: number; hasMore: boolean }> {
    const rows = await all<{ seq: string; contact_id: string; op: 'upsert' | 'delete' }>(
      this.db,
      `SELECT seq, contact_id, op FROM changes WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [accountId, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    const byId = new Map((await this.contacts.getMany(accountId, page.filter((row) => row.op === 'upsert').map((row) => row.contact_id))).map((contact) => [contact.id, contact]));
    const data = page.flatMap((row): Change[] => {
      if (row.op === 'delete') return [{ seq: int(row.seq), op: 'delete', id: row.contact_id }];
      const contact = byId.get(row.contact_id);
      return contact ? [{ seq: int(row.seq), op: 'upsert', contact }] : [];
    });
    const last = page[page.length - 1];
    return { data, nextAfter: last ? int(last.seq) : after, hasMore: rows.length > limit };
  }

  async compact(cutoffMs: number): Promise<number> {
    await this.db.query(
      `UPDATE accounts a SET changes_floor = greatest(a.changes_floor, d.max_seq)
         FROM (SELECT account_id, max(seq) AS max_seq FROM changes WHERE op = 'delete' AND at < $1 GROUP BY account_id) d
        WHERE a.id = d.account_id`,
      [cutoffMs],
    );
    return (await this.db.query(`DELETE FROM changes WHERE op = 'delete' AND at < $1`, [cutoffMs])).rowCount ?? 0;
  }
}
