import * as z from 'zod/mini';
import { ContactId, ListId } from './common.js';

export const ContactBulkAction = z.enum(['delete', 'addToList', 'removeFromList']);
export type ContactBulkAction = z.infer<typeof ContactBulkAction>;

/** The contacts a bulk action applies to, when they are chosen by search and filter rather than by id. */
export const ContactBulkFilter = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  listId: z.optional(ListId),
  optedOut: z.optional(z.boolean()),
});
export type ContactBulkFilter = z.infer<typeof ContactBulkFilter>;

/**
 * `POST /v1/contacts/bulk`: one action over up to 1000 ids, or over every contact matching a
 * filter ("select all N matching"). `listId` names the list for addToList / removeFromList.
 * Exactly one of `ids` and `filter` (the server answers 422 otherwise). The server answers
 * 202 with a `bulk_action` job; its result is `{action, affected}`.
 */
export const ContactBulkInput = z.strictObject({
  action: ContactBulkAction,
  ids: z.optional(z.array(ContactId).check(z.minLength(1), z.maxLength(1000))),
  filter: z.optional(ContactBulkFilter),
  listId: z.optional(ListId),
});
export type ContactBulkInput = z.input<typeof ContactBulkInput>;
