import * as z from 'zod';
import { ContactId } from './common.js';
import { Contact } from './contact.js';

export const Change = z.discriminatedUnion('op', [
  z.object({ seq: z.number().int().min(1), op: z.literal('upsert'), contact: Contact }),
  z.object({ seq: z.number().int().min(1), op: z.literal('delete'), id: ContactId }),
]);
export type Change = z.infer<typeof Change>;

export const ChangesQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ChangesQuery = z.input<typeof ChangesQuery>;

export const ChangesPage = z.object({
  data: z.array(Change),
  nextAfter: z.number().int().min(0),
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;
