import { Hono } from 'hono';
import { ListCreateInput, ListPatchInput, ListQuery, type ContactList } from '@contacts-manager/core/schema';
import type { AppEnv, AppServices } from '../app-env.js';
import { newId } from '../db/ids.js';
import { requirePermission } from '../middleware/auth.js';
import { ApiError, notFound } from '../http/api-error.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { parseBody, parseQuery } from '../http/validation.js';
import { nameKey } from '../domain/contacts-repository.js';

interface ListRow {
  id: string;
  name: string;
  name_key: string;
  created_at: string;
  contact_count: number;
}

const SELECT_LIST = `SELECT l.id, l.name, l.name_key, l.created_at,
  (SELECT count(*) FROM contact_lists cl WHERE cl.list_id = l.id) AS contact_count FROM lists l`;

const toList = (row: ListRow): ContactList => ({ id: row.id, name: row.name, contactCount: row.contact_count, createdAt: row.created_at });

function findList(services: AppServices, accountId: string, id: string): ContactList {
  const row = services.sql.get<[string, string], ListRow>(`${SELECT_LIST} WHERE l.id = ? AND l.account_id = ?`).get(id, accountId);
  if (!row) throw notFound('List');
  return toList(row);
}

/** Names are unique per account, ignoring case. */
function assertNameFree(services: AppServices, accountId: string, name: string, exceptId: string | null): void {
  const holder = services.sql
    .get<[string, string], { id: string }>(`SELECT id FROM lists WHERE account_id = ? AND name_key = ?`)
    .get(accountId, nameKey(name));
  if (holder && holder.id !== exceptId) {
    throw new ApiError(409, 'list_name_taken', `A list named "${name}" already exists.`, {
      extensions: { listId: holder.id },
      errors: [{ path: 'name', code: 'list_name_taken', message: `A list named "${name}" already exists.` }],
    });
  }
}

export function listsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/lists', (c) => {
    const query = parseQuery(c, ListQuery);
    const accountId = c.get('principal').account.id;
    const [afterKey, afterId] = query.cursor ? decodeCursor(query.cursor, 'lists') : ['', ''];
    const rows = c
      .get('services')
      .sql.get<[string, string | number, string, number], ListRow>(
        `${SELECT_LIST} WHERE l.account_id = ? AND (l.name_key, l.id) > (?, ?) ORDER BY l.name_key, l.id LIMIT ?`,
      )
      .all(accountId, afterKey, afterId, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return c.json({
      data: page.map(toList),
      nextCursor: rows.length > query.limit && last ? encodeCursor('lists', last.name_key, last.id) : null,
    });
  });

  app.get('/lists/:id', (c) => c.json(findList(c.get('services'), c.get('principal').account.id, c.req.param('id'))));

  app.post('/lists', async (c) => {
    const principal = c.get('principal');
    requirePermission(principal, 'manageLists', 'manage lists');
    const input = await parseBody(c, ListCreateInput);
    const services = c.get('services');
    const id = newId('ls');
    services.db.transaction(() => {
      assertNameFree(services, principal.account.id, input.name, null);
      services.sql
        .get(`INSERT INTO lists (id, account_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(id, principal.account.id, input.name, nameKey(input.name), new Date().toISOString());
    })();
    c.header('Location', `/v1/lists/${id}`);
    return c.json(findList(services, principal.account.id, id), 201);
  });

  app.patch('/lists/:id', async (c) => {
    const principal = c.get('principal');
    const services = c.get('services');
    const id = c.req.param('id');
    findList(services, principal.account.id, id);
    requirePermission(principal, 'manageLists', 'manage lists');
    const input = await parseBody(c, ListPatchInput);
    services.db.transaction(() => {
      assertNameFree(services, principal.account.id, input.name, id);
      services.sql.get(`UPDATE lists SET name = ?, name_key = ? WHERE id = ? AND account_id = ?`).run(input.name, nameKey(input.name), id, principal.account.id);
    })();
    return c.json(findList(services, principal.account.id, id));
  });

  /** The list goes; its contacts stay, and each one's new `listIds` reaches the change feed. */
  app.delete('/lists/:id', (c) => {
    const principal = c.get('principal');
    const services = c.get('services');
    const id = c.req.param('id');
    findList(services, principal.account.id, id);
    requirePermission(principal, 'manageLists', 'manage lists');
    services.db.transaction(() => {
      const members = services.sql
        .get<[string], { contact_id: string }>(`SELECT contact_id FROM contact_lists WHERE list_id = ?`)
        .all(id)
        .map((row) => row.contact_id);
      services.sql.get(`DELETE FROM contact_lists WHERE list_id = ?`).run(id);
      services.sql.get(`DELETE FROM lists WHERE id = ? AND account_id = ?`).run(id, principal.account.id);
      services.contacts.touch(principal.account.id, members);
    })();
    return c.body(null, 204);
  });

  return app;
}
