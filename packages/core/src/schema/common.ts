// The schemas use zod/mini: the same validation core as zod, but tree-shakable functions instead
// of methods on every schema, which keeps the SDK and the script-tag widget small.
import * as z from 'zod/mini';

/** ISO-8601 UTC timestamp, as every API response writes it. */
export const Timestamp = z.iso.datetime({ offset: true });

function prefixedId(prefix: string, what: string) {
  return z.string().check(z.regex(new RegExp(`^${prefix}_[0-9A-Za-z]{10,40}$`), `Expected ${what} id (${prefix}_…)`));
}

export const ContactId = prefixedId('ct', 'a contact');
export const ListId = prefixedId('ls', 'a list');
export const ImportId = prefixedId('im', 'an import');
export const JobId = prefixedId('jb', 'a job');
export const UserId = prefixedId('us', 'a user');
export const AccountId = prefixedId('ac', 'an account');

/** ISO 3166-1 alpha-2 country code, upper case ("US", "GB"). */
export const CountryCode = z
  .string()
  .check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/, 'Expected a two-letter country code'));

/**
 * A whole number within bounds, given as a number or (in a query string or path) as plain
 * decimal digits: `0x10`, `1e3` and ` 7` are refused rather than read as 16, 1000 and 7.
 */
export function queryInteger(min: number, max: number) {
  const digits = z.string().check(z.regex(/^\d{1,16}$/, 'Expected a whole number in plain decimal digits'));
  const input = z.union([z.int(), digits]);
  // The OpenAPI document shows the input side of a query schema: a bounded whole number.
  z.globalRegistry.add(input, { type: 'integer', minimum: min, maximum: max });
  return z.pipe(
    input,
    z.pipe(
      z.transform((value: number | string) => Number(value)),
      z.int().check(z.minimum(min, `Expected a whole number from ${min}`), z.maximum(max, `Expected a whole number up to ${max}`)),
    ),
  );
}

/** Page sizes are capped at 200 (api.md). */
export const PageLimit = z._default(queryInteger(1, 200), 50);

/** An opaque pagination cursor. */
export const Cursor = z.string().check(z.minLength(1), z.maxLength(2000));

/** `{data, nextCursor}`: the shape of every GET list. */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.nullable(z.string()) });
}

/** Query booleans arrive as strings. */
export const QueryBoolean = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value: 'true' | 'false') => value === 'true'),
);

/** A count or position: a whole number ≥ 0. */
export const Count = z.int().check(z.minimum(0));
