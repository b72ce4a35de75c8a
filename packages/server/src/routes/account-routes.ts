import { Hono } from 'hono';
import {
  InboundMessageInput,
  ListQuery,
  SessionCreateInput,
  UserCreateInput,
  UserPatchInput,
  classifyInboundBody,
  type InboundMessageResult,
  type Me,
} from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { recordWebhookEvent } from '../webhooks/record-webhook-event.js';
import { ApiError, notFound } from '../http/api-error.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { parseBody, parseBodyWithPhones, parseQuery } from '../http/validation.js';
import { requireSecretKey } from '../middleware/auth.js';

/** Who am I, sessions, users and the SMS webhook stand-in. */
export function accountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => {
    const principal = c.get('principal');
    const me: Me = { account: principal.account, user: principal.user, permissions: principal.permissions };
    return c.json(me);
  });

  app.post('/sessions', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'mint user sessions');
    const input = parseBody(c, SessionCreateInput);
    const { store, now } = c.get('services');
    const user = await store.accounts.findUser(principal.account.id, input.userId);
    if (!user) throw new ApiError(404, 'not_found', 'User was not found.', { errors: [{ path: 'userId', code: 'not_found', message: 'User was not found.' }] });
    return c.json(await store.accounts.createSession(principal.account.id, user, input.ttlSeconds, now()), 201);
  });

  app.get('/users', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'list users');
    const query = parseQuery(c, ListQuery);
    const { store, cursors } = c.get('services');
    const accountId = principal.account.id;
    const afterId = query.cursor ? String(decodeCursor(await cursors.open(accountId, 'users', query.cursor), 'users')[1]) : null;
    const users = await store.accounts.listUsers(accountId, afterId, query.limit + 1);
    const page = users.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = users.length > query.limit && last ? await cursors.seal(accountId, 'users', encodeCursor('users', 0, last.id)) : null;
    return c.json({ data: page, nextCursor });
  });

  app.get('/users/:id', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'read users');
    const user = await c.get('services').store.accounts.findUser(principal.account.id, c.req.param('id'));
    if (!user) throw notFound('User');
    return c.json(user);
  });

  app.post('/users', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'create users');
    const input = parseBody(c, UserCreateInput);
    const user = await c.get('services').store.accounts.createUser(principal.account.id, input);
    c.header('Location', `/v1/users/${user.id}`);
    return c.json(user, 201);
  });

  app.patch('/users/:id', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'change users');
    const { accounts } = c.get('services').store;
    if (!(await accounts.findUser(principal.account.id, c.req.param('id')))) throw notFound('User');
    const patch = parseBody(c, UserPatchInput);
    return c.json(await accounts.updateUser(principal.account.id, c.req.param('id'), patch));
  });

  /**
   * An inbound text, as the SMS provider's webhook would deliver it. The register is keyed
   * by number, so a text from a number with no contact still counts.
   */
  app.post('/inbound-messages', async (c) => {
    const principal = c.get('principal');
    requireSecretKey(principal, 'record inbound messages');
    const { input, phones } = parseBodyWithPhones(c, InboundMessageInput, ['from']);
    const accountId = principal.account.id;
    const phone = phones.from ?? input.from;
    const { action, keyword } = classifyInboundBody(input.body);
    const services = c.get('services');
    const result = await services.store.transaction(async (tx): Promise<InboundMessageResult> => {
      const { contacts } = tx;
      const contactId = await contacts.findIdByPhone(accountId, phone);
      const contactIds = contactId ? [contactId] : [];
      const registerChanged =
        action === 'opted_out'
          ? await contacts.addToOptOutRegister(accountId, phone, 'keyword', keyword)
          : action === 'opted_in' && (await contacts.removeFromOptOutRegister(accountId, phone));
      const before = contactId ? await contacts.get(accountId, contactId) : null;
      // The contact's derived state changed: a new version and a feed entry (setConsent makes both).
      if (contactId && action === 'opted_in' && keyword === 'YES') await contacts.setConsent(accountId, contactId, 'confirmed');
      else if (contactId && registerChanged) await contacts.touch(accountId, [contactId]);
      const after = contactId ? await contacts.get(accountId, contactId) : null;
      if (before && after) {
        if (registerChanged) await recordWebhookEvent(tx, services, accountId, action === 'opted_out' ? 'contact.opted_out' : 'contact.opted_in', after);
        if (after.consent.status !== before.consent.status) await recordWebhookEvent(tx, services, accountId, 'contact.consent_updated', after);
      }
      return { action, phone, keyword, contactIds };
    });
    return c.json(result);
  });

  return app;
}
