import type { Context } from 'hono';
import type { Contact } from '@contacts-manager/core/schema';

export const etagOf = (contact: Contact): string => `"${contact.version}"`;

/** A contact as JSON with its version as the ETag. */
export function contactResponse(c: Context, contact: Contact, status: 200 | 201 = 200): Response {
  c.header('ETag', etagOf(contact));
  return c.json(contact, status);
}
