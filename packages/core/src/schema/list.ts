import * as z from 'zod';
import { Cursor, ListId, PageLimit, Timestamp, pageOf } from './common.js';

export const ListName = z
  .string({ error: 'List name is required' })
  .trim()
  .min(1, 'List name is required')
  .max(100, 'List name must be at most 100 characters');

export const ContactList = z.object({
  id: ListId,
  name: z.string(),
  contactCount: z.number().int().min(0),
  createdAt: Timestamp,
});
export type ContactList = z.infer<typeof ContactList>;

export const ListCreateInput = z.object({ name: ListName });
export type ListCreateInput = z.input<typeof ListCreateInput>;

export const ListPatchInput = z.object({ name: ListName }).strict();
export type ListPatchInput = z.input<typeof ListPatchInput>;

export const ListQuery = z.object({ limit: PageLimit.default(200), cursor: Cursor.optional() });
export type ListQuery = z.input<typeof ListQuery>;

export const ListPage = pageOf(ContactList);
export type ListPage = z.infer<typeof ListPage>;
