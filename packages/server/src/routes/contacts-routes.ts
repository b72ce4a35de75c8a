import { Hono } from 'hono';
import { callingCodeOf, normalizePhone } from '@contacts-manager/core/phone';
import { ContactCreateInput, ContactExportQuery, ContactListQuery, ContactPatchInput } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { requirePermission } from '../middleware/auth.js';
import { ApiError } from '../http/api-error.js';
import { contactResponse, etagOf, strongIfMatch } from '../http/etag.js';
import { PageBodyCache } from '../http/page-body-cache.js';
import { parseBodyWithPhones, parseQuery } from '../http/validation.js';
import { recordWebhookEvent } from '../webhooks/record-webhook-event.js';
import { startBulkAction } from './contacts-bulk.js';
import { streamContactsCsv } from './contacts-export.js';

const DELETE_ALL_CONFIRMATION = 'delete-all-contacts';

export function contactsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const pageBodies = new PageBodyCache();

  app.get('/contacts/export', async (c) => {
    const query = parseQuery(c, ContactExportQuery);
    const { store } = c.get('services');
    const principal = c.get('principal');
    requirePermission(principal, 'exportContacts', 'export contacts');
    const accountId = principal.account.id;
    if (query.listId) await store.lists.require(accountId, query.listId);
    const selection = { listId: query.listId, q: query.q || undefined, optedOut: query.optedOut, ids: query.ids?.split(',') };
    return new Response(streamContactsCsv(store.contacts, store.lists, accountId, selection), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="contacts.csv"',
        'Cache-Control': 'no-store',
      },
    });
  });

  app.post('/contacts/bulk', startBulkAction);

  app.get('/contacts', async (c) => {
    const query = parseQuery(c, ContactListQuery);
    const principal = c.get('principal');
    let phone = query.phone;
    if (phone) {
      const normalized = normalizePhone(phone, principal.account.defaultCountry);
      phone = normalized.ok ? normalized.e164 : phone;
    }
    const { store, cursors } = c.get('services');
    const accountId = principal.account.id;
    // An unknown list is 404 here as on export, not an empty page that looks like a real answer.
    if (query.listId) await store.lists.require(accountId, query.listId);
    const cursor = query.cursor === undefined ? undefined : await cursors.open(accountId, 'contacts', query.cursor);
    const callingCode = callingCodeOf(principal.account.defaultCountry) ?? undefined;
    const filter = { ...query, phone, cursor, callingCode };
    const page = await store.contacts.listWithFeedSeq(accountId, filter);
    const cacheKey = `${accountId}\n${JSON.stringify(filter)}`;
    let body = pageBodies.get(cacheKey, page.feedSeq);
    if (body === undefined) {
      const nextCursor = page.nextCursor === null ? null : await cursors.seal(accountId, 'contacts', page.nextCursor);
      body = JSON.stringify({ ...page, nextCursor });
      pageBodies.set(cacheKey, page.feedSeq, body);
    }
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  app.post('/contacts', async (c) => {
    const principal = c.get('principal');
    requirePermission(principal, 'editContacts', 'create contacts');
    const { input, phones } = parseBodyWithPhones(c, ContactCreateInput, ['phone']);
    const services = c.get('services');
    const phone = phones.phone ?? input.phone;
    const contact = await services.store.transaction(async (tx) => {
      const created = await tx.contacts.create(principal.account.id, {
        fullName: input.fullName,
        phone,
        email: input.email ?? null,
        listIds: [...new Set(input.listIds ?? [])],
        optedOut: input.optedOut === true,
      });
      await recordWebhookEvent(tx, services, principal.account.id, 'contact.created', created);
      return created;
    });
    c.header('Location', `/v1/contacts/${contact.id}`);
    return contactResponse(c, contact, 201);
  });

  app.delete('/contacts', async (c) => {
    const principal = c.get('principal');
    if (c.req.query('all') !== 'true') {
      throw new ApiError(400, 'bad_request', 'To delete every contact, send DELETE /v1/contacts?all=true with the header Confirm: delete-all-contacts.');
    }
    requirePermission(principal, 'deleteAllContacts', 'delete all contacts');
    if (c.req.header('Confirm') !== DELETE_ALL_CONFIRMATION) {
      throw new ApiError(400, 'confirmation_required', `Deleting all contacts cannot be undone: send the header Confirm: ${DELETE_ALL_CONFIRMATION}.`);
    }
    const job = await c.get('services').jobs.startDeleteAll(principal.account.id);
    c.header('Location', `/v1/jobs/${job.id}`);
    return c.json(job, 202);
  });

  app.get('/contacts/:id', async (c) => {
    const contact = await c.get('services').store.contacts.require(c.get('principal').account.id, c.req.param('id'));
    const etag = etagOf(contact);
    if (c.req.header('If-None-Match')?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { ETag: etag });
    }
    return contactResponse(c, contact);
  });

  app.patch('/contacts/:id', async (c) => {
    const principal = c.get('principal');
    requirePermission(principal, 'editContacts', 'edit contacts');
    const services = c.get('services');
    const { store } = services;
    const id = c.req.param('id');
    await store.contacts.require(principal.account.id, id);
    const { input: patch, phones } = parseBodyWithPhones(c, ContactPatchInput, ['phone']);
    const phone = patch.phone === undefined ? undefined : (phones.phone ?? patch.phone);
    const contact = await store.transaction(async (tx) => {
      const before = await tx.contacts.require(principal.account.id, id);
      const updated = await tx.contacts.update(
        principal.account.id,
        id,
        {
          ...(patch.fullName !== undefined ? { fullName: patch.fullName } : {}),
          ...(phone !== undefined ? { phone } : {}),
          ...(patch.email !== undefined ? { email: patch.email } : {}),
          ...(patch.listIds !== undefined ? { listIds: patch.listIds } : {}),
          ...(patch.optedOut !== undefined ? { optedOut: patch.optedOut } : {}),
        },
        strongIfMatch(c.req.header('If-Match')),
      );
      if (updated.version !== before.version) {
        const optedOutNow = updated.optedOut && !before.optedOut;
        const otherChanges = updated.fullName !== before.fullName || updated.phone !== before.phone || updated.email !== before.email || updated.listIds.join() !== before.listIds.join();
        if (otherChanges || !optedOutNow) await recordWebhookEvent(tx, services, principal.account.id, 'contact.updated', updated);
        if (optedOutNow) await recordWebhookEvent(tx, services, principal.account.id, 'contact.opted_out', updated);
      }
      return updated;
    });
    return contactResponse(c, contact);
  });

  app.delete('/contacts/:id', async (c) => {
    const principal = c.get('principal');
    const services = c.get('services');
    const id = c.req.param('id');
    await services.store.contacts.require(principal.account.id, id);
    requirePermission(principal, 'deleteContacts', 'delete contacts');
    await services.store.transaction(async (tx) => {
      const contact = await tx.contacts.require(principal.account.id, id);
      await tx.contacts.delete(principal.account.id, id, strongIfMatch(c.req.header('If-Match')));
      await recordWebhookEvent(tx, services, principal.account.id, 'contact.deleted', { id, phone: contact.phone, email: contact.email });
    });
    services.jobs.sweepSearchIndexLater();
    return c.body(null, 204);
  });

  app.post('/contacts/:id/opt-out', async (c) => {
    const principal = c.get('principal');
    const accountId = principal.account.id;
    const services = c.get('services');
    const contact = await services.store.transaction(async (tx) => {
      const current = await tx.contacts.require(accountId, c.req.param('id'));
      requirePermission(principal, 'editContacts', 'opt contacts out');
      if (current.optedOut) return current;
      const optedOut = await tx.contacts.update(accountId, current.id, { optedOut: true }, undefined);
      await recordWebhookEvent(tx, services, accountId, 'contact.opted_out', optedOut);
      return optedOut;
    });
    return contactResponse(c, contact);
  });

  app.post('/contacts/:id/consent-message', async (c) => {
    const principal = c.get('principal');
    const services = c.get('services');
    const contact = await services.store.transaction(async (tx) => {
      const current = await tx.contacts.require(principal.account.id, c.req.param('id'));
      requirePermission(principal, 'editContacts', 'send consent messages');
      if (current.optedOut) {
        throw new ApiError(409, 'opt_out_locked', 'This number is opted out: no message, consent included, may be sent to it.');
      }
      await tx.contacts.setConsent(principal.account.id, current.id, 'sent');
      const updated = await tx.contacts.require(principal.account.id, current.id);
      if (updated.version !== current.version) await recordWebhookEvent(tx, services, principal.account.id, 'contact.consent_updated', updated);
      return updated;
    });
    return contactResponse(c, contact);
  });

  return app;
}
