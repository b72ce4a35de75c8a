import { Hono } from 'hono';
import { ListCreateInput, ListPatchInput, ListQuery } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { requirePermission } from '../middleware/auth.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { parseBody, parseQuery } from '../http/validation.js';

export function listsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/lists', async (c) => {
    const query = parseQuery(c, ListQuery);
    const { store, cursors } = c.get('services');
    const accountId = c.get('principal').account.id;
    const after = query.cursor ? (decodeCursor(await cursors.open(accountId, 'lists', query.cursor), 'lists').map(String) as [string, string]) : null;
    const { lists, next } = await store.lists.list(accountId, after, query.limit);
    return c.json({ data: lists, nextCursor: next ? await cursors.seal(accountId, 'lists', encodeCursor('lists', next[0], next[1])) : null });
  });

  app.get('/lists/:id', async (c) => c.json(await c.get('services').store.lists.require(c.get('principal').account.id, c.req.param('id'))));

  app.post('/lists', async (c) => {
    const principal = c.get('principal');
    requirePermission(principal, 'manageLists', 'manage lists');
    const input = parseBody(c, ListCreateInput);
    const list = await c.get('services').store.lists.create(principal.account.id, input.name);
    c.header('Location', `/v1/lists/${list.id}`);
    return c.json(list, 201);
  });

  app.patch('/lists/:id', async (c) => {
    const principal = c.get('principal');
    const { lists } = c.get('services').store;
    await lists.require(principal.account.id, c.req.param('id'));
    requirePermission(principal, 'manageLists', 'manage lists');
    const input = parseBody(c, ListPatchInput);
    return c.json(await lists.rename(principal.account.id, c.req.param('id'), input.name));
  });

  /** The list goes; its contacts stay, and each one's new `listIds` reaches the change feed. */
  app.delete('/lists/:id', async (c) => {
    const principal = c.get('principal');
    const { lists } = c.get('services').store;
    await lists.require(principal.account.id, c.req.param('id'));
    requirePermission(principal, 'manageLists', 'manage lists');
    await lists.delete(principal.account.id, c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
