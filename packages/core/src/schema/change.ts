import * as z from 'zod/mini';
import { ContactId, Count, queryInteger } from './common.js';
import { Contact } from './contact.js';

const Sequence = z.int().check(z.minimum(1));

export const Change = z.discriminatedUnion('op', [
  z.object({ seq: Sequence, op: z.literal('upsert'), contact: Contact }),
  z.object({ seq: Sequence, op: z.literal('delete'), id: ContactId }),
]);
export type Change = z.infer<typeof Change>;

export const ChangesQuery = z.object({
  after: z._default(queryInteger(0, Number.MAX_SAFE_INTEGER), 0),
  limit: z._default(queryInteger(1, 1000), 200),
});
export type ChangesQuery = z.input<typeof ChangesQuery>;

export const ChangesPage = z.object({
  data: z.array(Change),
  nextAfter: Count,
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;
