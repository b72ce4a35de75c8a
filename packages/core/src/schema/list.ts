import * as z from 'zod/mini';
import { Count, Cursor, ListId, Timestamp, pageOf, queryInteger } from './common.js';

export const ListName = z
  .string({ error: 'List name is required' })
  .check(
    z.trim(),
    z.minLength(1, 'List name is required'),
    z.maxLength(100, 'List name must be at most 100 characters'),
  );

export const ContactList = z.object({
  id: ListId,
  name: z.string(),
  contactCount: Count,
  createdAt: Timestamp,
});
export type ContactList = z.infer<typeof ContactList>;

export const ListCreateInput = z.strictObject({ name: ListName });
export type ListCreateInput = z.input<typeof ListCreateInput>;

export const ListPatchInput = z.strictObject({ name: ListName });
export type ListPatchInput = z.input<typeof ListPatchInput>;

export const ListQuery = z.object({ limit: z._default(queryInteger(1, 200), 200), cursor: z.optional(Cursor) });
export type ListQuery = z.input<typeof ListQuery>;

export const ListPage = pageOf(ContactList);
export type ListPage = z.infer<typeof ListPage>;
