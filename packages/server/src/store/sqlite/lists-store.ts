import type { ContactList } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { newId } from '../ids.js';
import type { ListsStore } from '../types.js';
import type { Synchronous } from './synchronous.js';
import { nameKey, type SqliteContactsStore } from './contacts-store.js';
import type { StatementCache } from './statement-cache.js';

interface ListRow {
  id: string;
  name: string;
  name_key: string;
  created_at: string;
  contact_count: number;
}

const SELECT_LIST = `SELECT l.id, l.name, l.name_key, l.created_at,
  (SELECT count(*) FROM contact_lists cl WHERE cl.list_rid = l.rid) AS contact_count FROM lists l`;

const toList = (row: ListRow): ContactList => ({ id: row.id, name: row.name, contactCount: row.contact_count, createdAt: row.created_at });

export class SqliteListsStore implements Synchronous<ListsStore> {
  constructor(
    private readonly sql: StatementCache,
    private readonly contacts: SqliteContactsStore,
  ) {}

  list(accountId: string, after: readonly [string, string] | null, limit: number): { lists: ContactList[]; next: [string, string] | null } {
    const rows = this.sql
      .get<[number, string, string, number], ListRow>(`${SELECT_LIST} WHERE l.account_rid = ? AND (l.name_key, l.id) > (?, ?) ORDER BY l.name_key, l.id LIMIT ?`)
      .all(this.sql.accountRid(accountId), after?.[0] ?? '', after?.[1] ?? '', limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { lists: page.map(toList), next: rows.length > limit && last ? [last.name_key, last.id] : null };
  }

  require(accountId: string, id: string): ContactList {
    const row = this.sql.get<[string, number], ListRow>(`${SELECT_LIST} WHERE l.id = ? AND l.account_rid = ?`).get(id, this.sql.accountRid(accountId));
    if (!row) throw notFound('List');
    return toList(row);
  }

  private assertNameFree(accountId: string, name: string, exceptId: string | null): void {
    const holder = this.sql.get<[number, string], { id: string }>(`SELECT id FROM lists WHERE account_rid = ? AND name_key = ?`).get(this.sql.accountRid(accountId), nameKey(name));
    if (holder && holder.id !== exceptId) {
      const message = `A list named "${name}" already exists.`;
      throw new ApiError(409, 'list_name_taken', message, { extensions: { listId: holder.id }, errors: [{ path: 'name', code: 'list_name_taken', message }] });
    }
  }

  create(accountId: string, name: string): ContactList {
    const id = newId('ls');
    this.sql.db.transaction(() => {
      this.assertNameFree(accountId, name, null);
      this.sql.get(`INSERT INTO lists (id, account_rid, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`).run(id, this.sql.accountRid(accountId), name, nameKey(name), new Date().toISOString());
    })();
    return this.require(accountId, id);
  }

  rename(accountId: string, id: string, name: string): ContactList {
    this.sql.db.transaction(() => {
      this.require(accountId, id);
      this.assertNameFree(accountId, name, id);
      this.sql.get(`UPDATE lists SET name = ?, name_key = ? WHERE id = ? AND account_rid = ?`).run(name, nameKey(name), id, this.sql.accountRid(accountId));
    })();
    return this.require(accountId, id);
  }

  delete(accountId: string, id: string): void {
    this.sql.db.transaction(() => {
      this.require(accountId, id);
      const members = this.sql
        .get<[string], { id: string }>(`SELECT c.id FROM contact_lists cl JOIN contacts c ON c.rid = cl.contact_rid WHERE cl.list_rid = (SELECT rid FROM lists WHERE id = ?)`)
        .all(id)
        .map((row) => row.id);
      this.sql.get(`DELETE FROM contact_lists WHERE list_rid = (SELECT rid FROM lists WHERE id = ?)`).run(id);
      this.sql.get(`DELETE FROM lists WHERE id = ? AND account_rid = ?`).run(id, this.sql.accountRid(accountId));
      this.contacts.touch(accountId, members);
    })();
  }
}
