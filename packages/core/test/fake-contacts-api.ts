// A small in-memory contacts API served through msw, for store tests: it keeps versions,
// the change feed, If-Match and a delete-all job, so the store is tested through the real client.
import { http, HttpResponse } from 'msw';
import type { Change, Contact, ContactList, Job } from '../src/schema/index.js';
import { ME, contactId, problem } from './fixtures.js';

export interface FakeApiOptions {
  base: string;
}

export function createFakeContactsApi({ base }: FakeApiOptions) {
  const api = `${base}/v1`;
  const contacts = new Map<string, Contact>();
  const lists: ContactList[] = [];
  const feed: Change[] = [];
  let seq = 0;
  let nextId = 1;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let job: Job | null = null;
  /** Set to make every request fail as a dropped connection. */
  const faults = { offline: false, failNextPatch: 0, feedCompacted: false };
  let feedRequests = 0;

  const now = () => new Date((clock += 1000)).toISOString();
  type ChangeEntry = { op: 'upsert'; contact: Contact } | { op: 'delete'; id: string };
  const record = (change: ChangeEntry) => feed.push({ ...change, seq: ++seq });

  function insert(fields: Partial<Contact> & { fullName: string; phone: string }): Contact {
    const at = now();
    const contact: Contact = {
      id: contactId(1000 + nextId++),
      email: null,
      listIds: [],
      optedOut: false,
      optOut: null,
      consent: { status: 'not_sent', updatedAt: null },
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...fields,
    };
    contacts.set(contact.id, contact);
    record({ op: 'upsert', contact });
    return contact;
  }

  function update(id: string, patch: Partial<Contact>): Contact {
    const current = contacts.get(id)!;
    const next = { ...current, ...patch, version: current.version + 1, updatedAt: now() };
    contacts.set(id, next);
    record({ op: 'upsert', contact: next });
    return next;
  }

  function remove(id: string): void {
    contacts.delete(id);
    record({ op: 'delete', id });
  }

  function sorted(): Contact[] {
    return [...contacts.values()].sort(
      (a, b) => a.fullName.toLowerCase().localeCompare(b.fullName.toLowerCase()) || a.id.localeCompare(b.id),
    );
  }

  const guard = () => (faults.offline ? HttpResponse.error() : null);

  const handlers = [
    http.all(`${api}/*`, () => guard() ?? undefined),
    http.get(`${api}/me`, () => HttpResponse.json(ME)),
    http.get(`${api}/lists`, () => HttpResponse.json({ data: lists, nextCursor: null })),
    http.post(`${api}/lists`, async ({ request }) => {
      const { name } = (await request.json()) as { name: string };
      const list: ContactList = { id: `ls_${String(lists.length + 1).padStart(12, '0')}`, name, contactCount: 0, createdAt: now() };
      lists.push(list);
      return HttpResponse.json(list, { status: 201 });
    }),
    http.get(`${api}/contacts`, ({ request }) => {
      const url = new URL(request.url);
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const matching = sorted().filter((c) => c.fullName.toLowerCase().includes(q));
      const data = matching.slice(start, start + limit);
      const nextCursor = start + limit < matching.length ? String(start + limit) : null;
      return HttpResponse.json({ data, nextCursor, total: matching.length, feedSeq: seq });
    }),
    http.get(`${api}/contacts/:id`, ({ params }) => {
      const contact = contacts.get(String(params['id']));
      return contact ? HttpResponse.json(contact) : HttpResponse.json(problem(404, 'not_found', 'No such contact.'), { status: 404 });
    }),
    http.post(`${api}/contacts`, async ({ request }) => {
      const body = (await request.json()) as { fullName: string; phone: string };
      if ([...contacts.values()].some((c) => c.phone === body.phone)) {
        return HttpResponse.json(problem(409, 'duplicate_phone', 'This phone number is taken.'), { status: 409 });
      }
      return HttpResponse.json(insert(body), { status: 201 });
    }),
    http.patch(`${api}/contacts/:id`, async ({ request, params }) => {
      const id = String(params['id']);
      const current = contacts.get(id);
      if (!current) return HttpResponse.json(problem(404, 'not_found', 'No such contact.'), { status: 404 });
      if (faults.failNextPatch > 0) {
        faults.failNextPatch -= 1;
        return HttpResponse.json(problem(422, 'validation_failed', 'Phone is invalid.'), { status: 422 });
      }
      const ifMatch = request.headers.get('if-match');
      if (ifMatch && ifMatch !== `"${current.version}"`) {
        return HttpResponse.json(problem(412, 'precondition_failed', 'The contact has changed.', { current }), { status: 412 });
      }
      return HttpResponse.json(update(id, (await request.json()) as Partial<Contact>));
    }),
    http.delete(`${api}/contacts/:id`, ({ params }) => {
      const id = String(params['id']);
      if (!contacts.has(id)) return HttpResponse.json(problem(404, 'not_found', 'No such contact.'), { status: 404 });
      remove(id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.delete(`${api}/contacts`, () => {
      const at = now();
      job = { id: 'jb_000000000001', kind: 'delete_all', status: 'running', progress: { done: 0, total: contacts.size }, createdAt: at, updatedAt: at };
      return HttpResponse.json(job, { status: 202 });
    }),
    // Each poll of the job deletes one more batch of two contacts, like the server's batches.
    http.get(`${api}/jobs/:id`, () => {
      if (!job) return HttpResponse.json(problem(404, 'not_found', 'No such job.'), { status: 404 });
      for (const id of [...contacts.keys()].slice(0, 2)) remove(id);
      const done = job.progress.total - contacts.size;
      job = { ...job, progress: { done, total: job.progress.total }, status: contacts.size === 0 ? 'succeeded' : 'running' };
      return HttpResponse.json(job);
    }),
    http.get(`${api}/changes`, ({ request }) => {
      feedRequests += 1;
      const url = new URL(request.url);
      const after = Number(url.searchParams.get('after') ?? 0);
      if (faults.feedCompacted && after > 0) {
        faults.feedCompacted = false;
        return HttpResponse.json(problem(410, 'resync_required', 'Changes this old were compacted.'), { status: 410 });
      }
      const limit = Number(url.searchParams.get('limit') ?? 200);
      const pending = feed.filter((change) => change.seq > after);
      const data = pending.slice(0, limit);
      return HttpResponse.json({ data, nextAfter: data.at(-1)?.seq ?? after, hasMore: pending.length > limit });
    }),
  ];

  return { handlers, contacts, insert, update, remove, faults, feedRequests: () => feedRequests };
}
