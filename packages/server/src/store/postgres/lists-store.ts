import type { ContactList } from '@contacts-manager/core/schema';
import { ApiError, notFound } from '../../http/api-error.js';
import { newId } from '../ids.js';
import { nameKey } from '../sqlite/contacts-store.js';
import type { ListsStore } from '../types.js';
import { PostgresContactsStore } from './contacts-store.js';
import type { RunInTransaction } from './imports-store.js';
import { all, int, one, type Queryable } from './queryable.js';

interface ListRow {
  id: string;
  name: string;
  name_key: string;
  created_at: string;
  contact_count: string;
}

const SELECT_LIST = `SELECT l.id, l.name, l.name_key, l.created_at,
  (SELECT count(*) FROM contact_lists cl WHERE cl.account_id = l.account_id AND cl.list_id = l.id) AS contact_count FROM lists l`;

const toList = (row: ListRow): ContactList => ({ id: row.id, name: row.name, contactCount: int(row.contact_count), createdAt: row.created_at });

export class PostgresListsStore implements ListsStore {
  constructor(
    private readonly db: Queryable,
    private readonly contacts: PostgresContactsStore,
    private readonly runInTransaction: RunInTransaction,
  ) {}

  async list(accountId: string, after: readonly [string, string] | null, limit: number): Promise<{ lists: ContactList[]; next: [string, string] | null }> {
    const rows = await all<ListRow>(this.db, `${SELECT_LIST} WHERE l.account_id = $1 AND (l.name_key, l.id) > ($2, $3) ORDER BY l.name_key, l.id LIMIT $4`, [
      accountId,
      after?.[0] ?? '',
      after?.[1] ?? '',
      limit + 1,
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { lists: page.map(toList), next: rows.length > limit && last ? [last.name_key, last.id] : null };
  }

  async require(accountId: string, id: string): Promise<ContactList> {
    const row = await one<ListRow>(this.db, `${SELECT_LIST} WHERE l.account_id = $1 AND l.id = $2`, [accountId, id]);
    if (!row) throw notFound('List');
    return toList(row);
  }

  private nameTaken(name: string, listId: string | undefined): ApiError {
    const message = `A list named "${name}" already exists.`;
    return new ApiError(409, 'list_name_taken', message, { ...(listId ? { extensions: { listId } } : {}), errors: [{ path: 'name', code: 'list_name_taken', message }] });
  }

  private async assertNameFree(accountId: string, name: string, exceptId: string | null): Promise<void> {
    const holder = await one<{ id: string }>(this.db, `SELECT id FROM lists WHERE account_id = $1 AND name_key = $2`, [accountId, nameKey(name)]);
    if (holder && holder.id !== exceptId) throw this.nameTaken(name, holder.id);
  }

  /** The unique index decides a race between instances; the check before gives the usual answer. */
  private async write(name: string, statement: () => Promise<unknown>): Promise<void> {
    try {
      await statement();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw this.nameTaken(name, undefined);
      throw error;
    }
  }

  async create(accountId: string, name: string): Promise<ContactList> {
    const id = newId('ls');
    await this.assertNameFree(accountId, name, null);
    await this.write(name, () =>
      this.db.query(`INSERT INTO lists (account_id, id, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5)`, [accountId, id, name, nameKey(name), new Date().toISOString()]),
    );
    return this.require(accountId, id);
  }

  async rename(accountId: string, id: string, name: string): Promise<ContactList> {
    await this.require(accountId, id);
    await this.assertNameFree(accountId, name, id);
    await this.write(name, () => this.db.query(`UPDATE lists SET name = $1, name_key = $2 WHERE account_id = $3 AND id = $4`, [name, nameKey(name), accountId, id]));
    return this.require(accountId, id);
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.require(accountId, id);
    await this.runInTransaction((tx) => this.deleteIn(tx, accountId, id));
  }

  private async deleteIn(tx: Queryable, accountId: string, id: string): Promise<void> {
    const members = (await all<{ contact_id: string }>(tx, `DELETE FROM contact_lists WHERE account_id = $1 AND list_id = $2 RETURNING contact_id`, [accountId, id])).map(
      (row) => row.contact_id,
    );
    await tx.query(`DELETE FROM lists WHERE account_id = $1 AND id = $2`, [accountId, id]);
    await new PostgresContactsStore(tx).touch(accountId, members);
  }
}
