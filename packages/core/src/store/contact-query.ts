// The server's list semantics, replayed locally so change-feed entries land where the
// server would put them: which contacts match a query and in which order.
import type { Contact, ContactPatchInput, ContactSort } from '../schema/index.js';
import type { ContactsQuery } from './types.js';

/** `q` is a case-insensitive substring of name or email, or (when it has no letters) of the phone's digits. */
export function matchesQuery(contact: Contact, query: Readonly<ContactsQuery>): boolean {
  if (query.listId !== null && !contact.listIds.includes(query.listId)) return false;
  const q = query.q.trim().toLowerCase();
  if (q === '') return true;
  if (contact.fullName.toLowerCase().includes(q)) return true;
  if (contact.email?.toLowerCase().includes(q)) return true;
  const digits = q.replace(/\D/g, '');
  return digits !== '' && !/\p{L}/u.test(q) && contact.phone.replace(/\D/g, '').includes(digits);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of `sort` with the id as tie-breaker (keyset pagination on sort key + id). */
export function compareContacts(sort: ContactSort, a: Contact, b: Contact): number {
  switch (sort) {
    case '-createdAt':
      return compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id);
    case '-updatedAt':
      return compareText(b.updatedAt, a.updatedAt) || compareText(b.id, a.id);
    default:
      return compareText(a.fullName.toLowerCase(), b.fullName.toLowerCase()) || compareText(a.id, b.id);
  }
}

/** Inserts `contact` in sort order; returns a new array. */
export function insertSorted(list: readonly Contact[], contact: Contact, sort: ContactSort): Contact[] {
  const next = list.filter((item) => item.id !== contact.id);
  const index = next.findIndex((item) => compareContacts(sort, contact, item) < 0);
  next.splice(index === -1 ? next.length : index, 0, contact);
  return next;
}

/** Whether a contact sorts within the loaded window (so showing it cannot skip others). */
export function fitsLoadedWindow(list: readonly Contact[], contact: Contact, sort: ContactSort, hasMore: boolean): boolean {
  if (!hasMore) return true;
  const last = list[list.length - 1];
  return last !== undefined && compareContacts(sort, contact, last) < 0;
}

/** What the server will most likely answer to a patch: shown at once, replaced by the answer. */
export function applyPatchOptimistically(contact: Contact, patch: ContactPatchInput, now: string): Contact {
  const next: Contact = { ...contact, updatedAt: now };
  if (patch.fullName !== undefined) next.fullName = patch.fullName.trim();
  if (patch.phone !== undefined) next.phone = patch.phone.trim();
  if (patch.email !== undefined) next.email = patch.email === null || patch.email.trim() === '' ? null : patch.email.trim().toLowerCase();
  if (patch.listIds !== undefined) next.listIds = [...patch.listIds];
  if (patch.optedOut === true && !contact.optedOut) {
    next.optedOut = true;
    next.optOut = { at: now, source: 'manual' };
  }
  return next;
}
