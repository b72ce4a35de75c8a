import * as z from 'zod/mini';
import { ContactId, Count, Cursor, ListId, PageLimit, QueryBoolean, Timestamp } from './common.js';

export const OptOutSource = z.enum(['manual', 'keyword', 'api', 'import']);
export type OptOutSource = z.infer<typeof OptOutSource>;

export const OptOut = z.object({
  at: Timestamp,
  source: OptOutSource,
  keyword: z.optional(z.string()),
});
export type OptOut = z.infer<typeof OptOut>;

export const ConsentStatus = z.enum(['not_sent', 'sent', 'confirmed', 'declined']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const Consent = z.object({ status: ConsentStatus, updatedAt: z.nullable(Timestamp) });
export type Consent = z.infer<typeof Consent>;

export const Contact = z.object({
  id: ContactId,
  fullName: z.string(),
  /** E.164, as the server stores every number. */
  phone: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/)),
  email: z.nullable(z.string()),
  listIds: z.array(ListId),
  optedOut: z.boolean(),
  optOut: z.nullable(OptOut),
  consent: Consent,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.int().check(z.minimum(1)),
});
export type Contact = z.infer<typeof Contact>;

/** Names are trimmed, 1–200 characters. */
export const FullName = z
  .string({ error: 'Full name is required' })
  .check(
    z.trim(),
    z.minLength(1, 'Full name is required'),
    z.maxLength(200, 'Full name must be at most 200 characters'),
  );

const AT_LEAST_THREE_DIGITS = /\d\D*\d\D*\d/;

/**
 * Phone as typed by a person: national or international form. The server normalizes it to
 * E.164 with the account's default country; this only rejects what can never be a number.
 */
export const PhoneInput = z
  .string({ error: 'Phone is required' })
  .check(
    z.trim(),
    z.minLength(1, 'Phone is required'),
    z.maxLength(40, 'Phone is too long'),
    z.regex(/^[+\d\s().\-/]*(?:(?:ext\.?|x|#)\s*\d{1,7})?$/i, 'Phone may hold only digits, spaces, + ( ) - . /'),
    // A test, not a count of match()'s array: this runs for every row of every import chunk.
    z.refine((value: string) => AT_LEAST_THREE_DIGITS.test(value), 'Phone needs at least 3 digits'),
  );

/** A valid address, lower-cased. */
export const EmailAddress = z
  .email({ error: 'Enter a valid email address, like name@example.com' })
  .check(z.maxLength(254, 'Email must be at most 254 characters'), z.toLowerCase());

/** Optional email: blank means none; stored lower-cased. */
export const EmailInput = z.pipe(
  z.pipe(
    z.nullable(z.string()),
    z.transform((value: string | null) => (value === null || value.trim() === '' ? null : value.trim())),
  ),
  z.nullable(EmailAddress),
);

const ListIds = z.array(ListId).check(z.maxLength(100, 'A contact belongs to at most 100 lists'));

/** Unknown fields are refused (422), as on PATCH: a misspelt field never vanishes silently. */
export const ContactCreateInput = z.strictObject({
  fullName: FullName,
  phone: PhoneInput,
  email: z.optional(EmailInput),
  listIds: z.optional(ListIds),
  optedOut: z.optional(z.boolean()),
});
export type ContactCreateInput = z.input<typeof ContactCreateInput>;

/** JSON merge patch of a contact. `optedOut: false` is accepted here and refused by the server (409). */
export const ContactPatchInput = z.strictObject({
  fullName: z.optional(FullName),
  phone: z.optional(PhoneInput),
  email: z.optional(EmailInput),
  listIds: z.optional(ListIds),
  optedOut: z.optional(z.boolean()),
});
export type ContactPatchInput = z.input<typeof ContactPatchInput>;

export const ContactSort = z.enum(['name', '-createdAt', '-updatedAt']);
export type ContactSort = z.infer<typeof ContactSort>;

export const ContactListQuery = z.object({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  listId: z.optional(ListId),
  optedOut: z.optional(QueryBoolean),
  email: z.optional(z.string().check(z.trim(), z.maxLength(254))),
  phone: z.optional(z.string().check(z.trim(), z.maxLength(40))),
  sort: z._default(ContactSort, 'name'),
  limit: PageLimit,
  cursor: z.optional(Cursor),
});
export type ContactListQuery = z.input<typeof ContactListQuery>;

export const ContactPage = z.object({
  data: z.array(Contact),
  nextCursor: z.nullable(z.string()),
  total: Count,
  /** The change-feed position this page reflects: follow `GET /v1/changes?after=feedSeq` from here. */
  feedSeq: Count,
});
export type ContactPage = z.infer<typeof ContactPage>;

/**
 * The export takes the list's filters (everything when none), or a selection of ids
 * (comma-separated, at most 200 a request: the SDK splits larger selections).
 */
export const ContactExportQuery = z.object({
  listId: z.optional(ListId),
  q: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  optedOut: z.optional(QueryBoolean),
  ids: z.optional(z.string().check(z.regex(/^ct_[0-9A-Za-z]{10,40}(,ct_[0-9A-Za-z]{10,40}){0,199}$/, 'Expected up to 200 contact ids, comma-separated'))),
});
export type ContactExportQuery = z.input<typeof ContactExportQuery>;

/** The export's columns, in order. */
export const EXPORT_HEADER = ['Full Name', 'Phone', 'Email', 'Lists', 'Opted Out'] as const;
