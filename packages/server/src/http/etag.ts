import type { Context } from 'hono';
import type { Contact } from '@contacts-manager/core/schema';

export const etagOf = (contact: Contact): string => `"${contact.version}"`;

/** A contact as JSON with its version as the ETag. */
export function contactResponse(c: Context, contact: Contact, status: 200 | 201 = 200): Response {
  c.header('ETag', etagOf(contact));
  return c.json(contact, status);
}

/**
 * `If-Match` for the store, compared strongly (RFC 9110): a weak tag (`W/"3"`) never matches,
 * so only `*`, `"3"` and a bare `3` (older SDKs) are kept; a header with none left becomes a
 * tag no contact has (versions start at 1), so the write is 412.
 */
export function strongIfMatch(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const tags = header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag === '*' || /^"\d{1,15}"$/.test(tag) || /^\d{1,15}$/.test(tag));
  return tags.length > 0 ? tags.join(', ') : '"0"';
}
