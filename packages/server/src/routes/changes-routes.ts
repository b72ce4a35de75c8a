import { Hono } from 'hono';
import { ChangesQuery, type Change } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../http/api-error.js';
import { parseQuery } from '../http/validation.js';

/** Feed entries older than this may be compacted away (api.md). */
export const CHANGE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function changesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/changes', (c) => {
    const { after, limit } = parseQuery(c, ChangesQuery);
    const { sql, contacts } = c.get('services');
    const accountId = c.get('principal').account.id;
    const floor = sql.get<[string], { changes_floor: number }>(`SELECT changes_floor FROM accounts WHERE id = ?`).get(accountId)?.changes_floor ?? 0;
    // after=0 is a full sync from the start; any other cursor before the compaction point missed deletes.
    if (after > 0 && after < floor) {
      throw new ApiError(410, 'resync_required', 'Changes this old were compacted; reload the contacts and follow the feed from the newest change.', {
        extensions: { oldestAfter: floor },
      });
    }
    const rows = sql
      .get<[string, number, number], { seq: number; contact_id: string; op: 'upsert' | 'delete' }>(
        `SELECT seq, contact_id, op FROM changes WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(accountId, after, limit + 1);
    const page = rows.slice(0, limit);
    const byId = new Map(
      contacts
        .getMany(accountId, page.filter((row) => row.op === 'upsert').map((row) => row.contact_id))
        .map((contact) => [contact.id, contact]),
    );
    const data: Change[] = page.flatMap((row): Change[] => {
      if (row.op === 'delete') return [{ seq: row.seq, op: 'delete', id: row.contact_id }];
      const contact = byId.get(row.contact_id);
      return contact ? [{ seq: row.seq, op: 'upsert', contact }] : [];
    });
    return c.json({ data, nextAfter: page[page.length - 1]?.seq ?? after, hasMore: rows.length > limit });
  });

  return app;
}

/** Drops delete entries past retention and moves the account's compaction point. */
export function compactChanges(sql: import('../db/statement-cache.js').StatementCache, nowMs: number): number {
  const cutoff = nowMs - CHANGE_RETENTION_MS;
  return sql.db.transaction(() => {
    sql
      .get(
        `UPDATE accounts SET changes_floor = max(changes_floor, coalesce(
           (SELECT max(seq) FROM changes WHERE changes.account_id = accounts.id AND op = 'delete' AND at < ?), 0))`,
      )
      .run(cutoff);
    return sql.get(`DELETE FROM changes WHERE op = 'delete' AND at < ?`).run(cutoff).changes;
  })();
}
