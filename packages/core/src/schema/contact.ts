import * as z from 'zod';
import { ContactId, Cursor, ListId, PageLimit, QueryBoolean, Timestamp } from './common.js';

export const OptOutSource = z.enum(['manual', 'keyword', 'api']);
export type OptOutSource = z.infer<typeof OptOutSource>;

export const OptOut = z.object({
  at: Timestamp,
  source: OptOutSource,
  keyword: z.string().optional(),
});
export type OptOut = z.infer<typeof OptOut>;

export const ConsentStatus = z.enum(['not_sent', 'sent', 'confirmed', 'declined']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const Consent = z.object({ status: ConsentStatus, updatedAt: Timestamp.nullable() });
export type Consent = z.infer<typeof Consent>;

export const Contact = z.object({
  id: ContactId,
  fullName: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  listIds: z.array(ListId),
  optedOut: z.boolean(),
  optOut: OptOut.nullable(),
  consent: Consent,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int().min(1),
});
export type Contact = z.infer<typeof Contact>;

/** Names are trimmed, 1–200 characters. */
export const FullName = z
  .string({ error: 'Full name is required' })
  .trim()
  .min(1, 'Full name is required')
  .max(200, 'Full name must be at most 200 characters');

/**
 * Phone as typed by a person: national or international form. The server normalizes it to
 * E.164 with the account's default country; this only rejects what can never be a number.
 */
export const PhoneInput = z
  .string({ error: 'Phone is required' })
  .trim()
  .min(1, 'Phone is required')
  .max(40, 'Phone is too long')
  .regex(/^[+\d\s().\-/]*(?:(?:ext\.?|x|#)\s*\d{1,7})?$/i, 'Phone may hold only digits, spaces, + ( ) - . /')
  .refine((value) => (value.match(/\d/g)?.length ?? 0) >= 3, 'Phone needs at least 3 digits');

/** Optional email: blank means none; stored lower-cased. */
export const EmailInput = z
  .union([z.string(), z.null()])
  .transform((value) => (value === null ? null : value.trim() === '' ? null : value.trim()))
  .pipe(
    z
      .email({ error: 'Enter a valid email address, like name@example.com' })
      .max(254, 'Email must be at most 254 characters')
      .transform((value) => value.toLowerCase())
      .nullable(),
  );

export const ContactCreateInput = z.object({
  fullName: FullName,
  phone: PhoneInput,
  email: EmailInput.optional(),
  listIds: z.array(ListId).max(100).optional(),
  optedOut: z.boolean().optional(),
});
export type ContactCreateInput = z.input<typeof ContactCreateInput>;

/** JSON merge patch of a contact. `optedOut: false` is accepted here and refused by the server (409). */
export const ContactPatchInput = z
  .object({
    fullName: FullName.optional(),
    phone: PhoneInput.optional(),
    email: EmailInput.optional(),
    listIds: z.array(ListId).max(100).optional(),
    optedOut: z.boolean().optional(),
  })
  .strict();
export type ContactPatchInput = z.input<typeof ContactPatchInput>;

export const ContactSort = z.enum(['name', '-createdAt', '-updatedAt']);
export type ContactSort = z.infer<typeof ContactSort>;

export const ContactListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  listId: ListId.optional(),
  optedOut: QueryBoolean.optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  sort: ContactSort.default('name'),
  limit: PageLimit,
  cursor: Cursor.optional(),
});
export type ContactListQuery = z.input<typeof ContactListQuery>;

export const ContactPage = z.object({
  data: z.array(Contact),
  nextCursor: z.string().nullable(),
  total: z.number().int().min(0),
});
export type ContactPage = z.infer<typeof ContactPage>;

export const ContactExportQuery = z.object({ listId: ListId.optional() });
export type ContactExportQuery = z.input<typeof ContactExportQuery>;

/** The export's columns, in order. */
export const EXPORT_HEADER = ['Full Name', 'Phone', 'Email', 'Lists', 'Opted Out'] as const;
