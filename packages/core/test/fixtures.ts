// Valid API resources for tests that fake the server (msw) or the client.
import type { Contact, ContactList, Job, Me } from '../src/schema/index.js';

let sequence = 0;
const NOW = '2026-01-02T03:04:05.000Z';

export function contactId(n: number): string {
  return `ct_${String(n).padStart(12, '0')}`;
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  sequence += 1;
  return {
    id: contactId(sequence),
    fullName: `Person ${sequence}`,
    phone: `+1202555${String(1000 + (sequence % 9000)).padStart(4, '0')}`,
    email: null,
    listIds: [],
    optedOut: false,
    optOut: null,
    consent: { status: 'not_sent', updatedAt: null },
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

export function makeList(overrides: Partial<ContactList> = {}): ContactList {
  sequence += 1;
  return { id: `ls_${String(sequence).padStart(12, '0')}`, name: `List ${sequence}`, contactCount: 0, createdAt: NOW, ...overrides };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'jb_000000000001',
    kind: 'delete_all',
    status: 'running',
    progress: { done: 0, total: 10 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export const ME: Me = {
  account: { id: 'ac_000000000001', name: 'Test', defaultCountry: 'US' },
  user: null,
  permissions: { editContacts: true, deleteContacts: true, deleteAllContacts: true, importContacts: true, manageLists: true, exportContacts: true, manageWebhooks: true },
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return { type: `https://contacts.invalid/problems/${code}`, title: code, status, detail, code, ...extra };
}
