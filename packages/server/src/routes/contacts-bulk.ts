import type { Context } from 'hono';
import { ContactBulkInput } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { validationFailed } from '../http/api-error.js';
import { parseBody } from '../http/validation.js';
import { requirePermission } from '../middleware/auth.js';
import type { BulkActionPayload } from '../jobs/bulk-action-job.js';
import type { Store } from '../store/types.js';

const PAGE_SIZE = 200;

/** The contacts a bulk action applies to, fixed when it starts: what the user saw selected. */
async function targetIds(store: Store, accountId: string, input: ContactBulkInput): Promise<string[]> {
  if (input.ids) {
    const found = new Set((await store.contacts.getMany(accountId, input.ids)).map((contact) => contact.id));
    return [...new Set(input.ids)].filter((id) => found.has(id));
  }
  const filter = input.filter ?? {};
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.contacts.list(accountId, { q: filter.q || undefined, listId: filter.listId, optedOut: filter.optedOut, sort: 'name', limit: PAGE_SIZE, cursor });
    ids.push(...page.data.map((contact) => contact.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/**
 * `POST /v1/contacts/bulk`: one action over ids or a filter, as a `bulk_action` job. Every
 * contact it touches gets a new version and a change-feed entry (the store's writes do both).
 */
export async function startBulkAction(c: Context<AppEnv>): Promise<Response> {
  const principal = c.get('principal');
  const input = parseBody(c, ContactBulkInput);
  const problems = [];
  if ((input.ids === undefined) === (input.filter === undefined)) {
    problems.push({ path: 'ids', code: 'invalid_selection', message: 'Send exactly one of ids and filter.' });
  }
  if (input.action !== 'delete' && input.listId === undefined) {
    problems.push({ path: 'listId', code: 'required', message: `listId is required for ${input.action}.` });
  }
  if (problems.length > 0) throw validationFailed(problems);
  if (input.action === 'delete') requirePermission(principal, 'deleteContacts', 'delete contacts');
  else requirePermission(principal, 'editContacts', 'change the lists of contacts');
  const { store, jobs } = c.get('services');
  const accountId = principal.account.id;
  if (input.listId) await store.lists.require(accountId, input.listId);
  if (input.filter?.listId) await store.lists.require(accountId, input.filter.listId);
  const ids = await targetIds(store, accountId, input);
  const payload: BulkActionPayload = { action: input.action, listId: input.listId ?? null, ids };
  const job = await jobs.enqueue(store, accountId, 'bulk_action', ids.length, payload as unknown as Record<string, unknown>);
  c.header('Location', `/v1/jobs/${job.id}`);
  return c.json(job, 202);
}
