import type { Change } from '@contacts-manager/core/schema';
import type { ChangesStore } from '../types.js';
import type { Synchronous } from './synchronous.js';
import type { SqliteContactsStore } from './contacts-store.js';
import type { StatementCache } from './statement-cache.js';

/**
 * The feed keeps one row per contact, its latest change: a write replaces the row with a
 * higher seq. Upserts are read with the contact as it is now; deletes stay until compacted.
 */
export class SqliteChangesStore implements Synchronous<ChangesStore> {
  constructor(
    private readonly sql: StatementCache,
    private readonly contacts: SqliteContactsStore,
  ) {}

  floor(accountId: string): number {
    return this.sql.get<[string], { changes_floor: number }>(`SELECT changes_floor FROM accounts WHERE id = ?`).get(accountId)?.changes_floor ?? 0;
  }

  head(accountId: string): number {
    const row = this.sql.get<[string], { change_seq: number; changes_floor: number }>(`SELECT change_seq, changes_floor FROM accounts WHERE id = ?`).get(accountId);
    return Math.max(row?.change_seq ?? 0, row?.changes_floor ?? 0);
  }

  page(accountId: string, after: number, limit: number): { data: Change[]; nextAfter: number; hasMore: boolean } {
    const rows = this.sql
      .get<[number, number, number], { seq: number; contact_id: string; op: 'upsert' | 'delete' }>(
        `SELECT seq, contact_id, op FROM changes WHERE account_rid = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(this.sql.accountRid(accountId), after, limit + 1);
    const page = rows.slice(0, limit);
    const byId = new Map(
      this.contacts
        .getMany(accountId, page.filter((row) => row.op === 'upsert').map((row) => row.contact_id))
        .map((contact) => [contact.id, contact]),
    );
    const data = page.flatMap((row): Change[] => {
      if (row.op === 'delete') return [{ seq: row.seq, op: 'delete', id: row.contact_id }];
      const contact = byId.get(row.contact_id);
      return contact ? [{ seq: row.seq, op: 'upsert', contact }] : [];
    });
    return { data, nextAfter: page[page.length - 1]?.seq ?? after, hasMore: rows.length > limit };
  }

  compact(cutoffMs: number): number {
    return this.sql.db.transaction(() => {
      // From the old deletes (their own small index) to their accounts: asking each account
      // for its newest old delete walked its whole feed, a million rows, every few seconds.
      this.sql
        .get(
          `UPDATE accounts SET changes_floor = max(changes_floor, old.seq)
             FROM (SELECT account_rid, max(seq) AS seq FROM changes INDEXED BY changes_deletes_by_age WHERE op = 'delete' AND at < ? GROUP BY account_rid) AS old
            WHERE accounts.rid = old.account_rid`,
        )
        .run(cutoffMs);
      return this.sql.get(`DELETE FROM changes WHERE op = 'delete' AND at < ?`).run(cutoffMs).changes;
    })();
  }
}
