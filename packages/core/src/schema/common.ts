import * as z from 'zod';

/** ISO-8601 UTC timestamp, as every API response writes it. */
export const Timestamp = z.iso.datetime({ offset: true });

export const ContactId = z.string().regex(/^ct_[0-9A-Za-z]{10,40}$/, 'Expected a contact id (ct_…)');
export const ListId = z.string().regex(/^ls_[0-9A-Za-z]{10,40}$/, 'Expected a list id (ls_…)');
export const ImportId = z.string().regex(/^im_[0-9A-Za-z]{10,40}$/, 'Expected an import id (im_…)');
export const JobId = z.string().regex(/^jb_[0-9A-Za-z]{10,40}$/, 'Expected a job id (jb_…)');
export const UserId = z.string().regex(/^us_[0-9A-Za-z]{10,40}$/, 'Expected a user id (us_…)');
export const AccountId = z.string().regex(/^ac_[0-9A-Za-z]{10,40}$/, 'Expected an account id (ac_…)');

/** ISO 3166-1 alpha-2 country code, upper case ("US", "GB"). */
export const CountryCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, 'Expected a two-letter country code'));

/** Page sizes are capped at 200 (api.md). */
export const PageLimit = z.coerce.number().int().min(1).max(200).default(50);

/** An opaque pagination cursor. */
export const Cursor = z.string().min(1).max(500);

/** `{data, nextCursor}`: the shape of every GET list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Query booleans arrive as strings. */
export const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');
