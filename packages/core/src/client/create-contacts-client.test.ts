import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ContactsApiError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  OptOutLockedError,
  PermissionError,
  PreconditionFailedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from '../errors/index.js';
import { ME, makeContact, makeJob, problem } from '../../test/fixtures.js';
import { createContactsClient } from './create-contacts-client.js';

const BASE = 'http://api.test';
const API = `${BASE}/v1`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = (extra: Partial<Parameters<typeof createContactsClient>[0]> = {}) =>
  createContactsClient({ baseUrl: BASE, token: 'sk_test', ...extra });

describe('requests', () => {
  it('sends the bearer token and parses the answer', async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${API}/me`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json(ME);
      }),
    );
    await expect(client().me()).resolves.toEqual(ME);
    expect(auth).toBe('Bearer sk_test');
  });

  it('accepts a base URL that already ends in /v1', async () => {
    server.use(http.get(`${API}/me`, () => HttpResponse.json(ME)));
    const cm = createContactsClient({ baseUrl: `${API}/`, token: 't' });
    expect(cm.baseUrl).toBe(API);
    await expect(cm.me()).resolves.toEqual(ME);
  });

  it('passes list queries as search params, with numbers and booleans as text', async () => {
    let url: URL | null = null;
    server.use(
      http.get(`${API}/contacts`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ data: [], nextCursor: null, total: 0, feedSeq: 0 });
      }),
    );
    await client().contacts.list({ q: 'ada', optedOut: false, limit: 20, sort: '-createdAt' });
    expect(Object.fromEntries(url!.searchParams)).toEqual({ q: 'ada', optedOut: 'false', limit: '20', sort: '-createdAt' });
  });

  it('iterates over every page', async () => {
    const all = [makeContact(), makeContact(), makeContact()];
    server.use(
      http.get(`${API}/contacts`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const start = cursor ? Number(cursor) : 0;
        const data = all.slice(start, start + 2);
        return HttpResponse.json({ data, nextCursor: start + 2 < all.length ? String(start + 2) : null, total: all.length, feedSeq: 0 });
      }),
    );
    const seen = [];
    for await (const contact of client().contacts.iterate({ limit: 2 })) seen.push(contact.id);
    expect(seen).toEqual(all.map((c) => c.id));
  });

  it('sends If-Match as the quoted version', async () => {
    let ifMatch: string | null = null;
    const contact = makeContact({ version: 4 });
    server.use(
      http.patch(`${API}/contacts/:id`, ({ request }) => {
        ifMatch = request.headers.get('if-match');
        return HttpResponse.json({ ...contact, version: 5 });
      }),
    );
    await client().contacts.update(contact.id, { fullName: 'New' }, { ifMatch: 3 });
    expect(ifMatch).toBe('"3"');
  });

  it('sends the delete-all confirmation header and returns the job', async () => {
    let confirm: string | null = null;
    let all: string | null = null;
    server.use(
      http.delete(`${API}/contacts`, ({ request }) => {
        confirm = request.headers.get('confirm');
        all = new URL(request.url).searchParams.get('all');
        return HttpResponse.json(makeJob({ status: 'queued' }), { status: 202 });
      }),
    );
    const job = await client().contacts.deleteAll();
    expect(job.status).toBe('queued');
    expect([confirm, all]).toEqual(['delete-all-contacts', 'true']);
  });

  it('streams the export without buffering it', async () => {
    server.use(
      http.get(`${API}/contacts/export`, () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('Full Name,Phone,Email,Lists,Opted Out\n'));
            controller.enqueue(new TextEncoder().encode('Ada,+12025550100,,,no\n'));
            controller.close();
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/csv' } });
      }),
    );
    const stream = await client().contacts.export();
    expect(stream).toBeInstanceOf(ReadableStream);
    const text = await new Response(stream).text();
    expect(text.split('\n')[1]).toBe('Ada,+12025550100,,,no');
  });
});

describe('retries', () => {
  it('retries a POST after a 500 with the same idempotency key, creating one record', async () => {
    const keys: string[] = [];
    const created = new Map<string, ReturnType<typeof makeContact>>();
    let calls = 0;
    server.use(
      http.post(`${API}/contacts`, async ({ request }) => {
        calls += 1;
        const key = request.headers.get('idempotency-key')!;
        keys.push(key);
        // The first attempt is applied, then the answer is lost as a 500.
        if (!created.has(key)) created.set(key, makeContact({ fullName: ((await request.json()) as { fullName: string }).fullName }));
        if (calls === 1) return HttpResponse.json(problem(500, 'internal_error', 'boom'), { status: 500 });
        return HttpResponse.json(created.get(key), { status: 201 });
      }),
    );
    const contact = await client().contacts.create({ fullName: 'Ada', phone: '+12025550100' });
    expect(contact.fullName).toBe('Ada');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.size).toBe(1);
  });

  it('waits out 409 idempotency_in_progress (the first attempt still running), but not other conflicts', async () => {
    let calls = 0;
    const contact = makeContact();
    server.use(
      http.post(`${API}/contacts`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json(problem(409, 'idempotency_in_progress', 'Still running.'), { status: 409 })
          : HttpResponse.json(contact, { status: 201 });
      }),
    );
    await expect(client().contacts.create({ fullName: 'A', phone: '+12025550100' })).resolves.toEqual(contact);
    expect(calls).toBe(2);

    calls = 0;
    server.use(
      http.post(`${API}/contacts`, () => {
        calls += 1;
        return HttpResponse.json(problem(409, 'duplicate_phone', 'Taken.'), { status: 409 });
      }),
    );
    await expect(client().contacts.create({ fullName: 'A', phone: '+12025550100' })).rejects.toMatchObject({ code: 'duplicate_phone' });
    expect(calls).toBe(1);
  });

  it('uses the caller’s idempotency key when given', async () => {
    let key: string | null = null;
    server.use(
      http.post(`${API}/lists`, ({ request }) => {
        key = request.headers.get('idempotency-key');
        return HttpResponse.json({ id: 'ls_000000000001', name: 'VIP', contactCount: 0, createdAt: '2026-01-01T00:00:00Z' }, { status: 201 });
      }),
    );
    await client().lists.create({ name: 'VIP' }, { idempotencyKey: 'mine-1' });
    expect(key).toBe('mine-1');
  });

  it('waits for Retry-After on a 429, then succeeds', async () => {
    const times: number[] = [];
    server.use(
      http.get(`${API}/me`, () => {
        times.push(Date.now());
        if (times.length === 1) {
          return HttpResponse.json(problem(429, 'rate_limited', 'slow down'), { status: 429, headers: { 'Retry-After': '1' } });
        }
        return HttpResponse.json(ME);
      }),
    );
    await expect(client().me()).resolves.toEqual(ME);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries with a RateLimitError carrying retryAfter', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/me`, () => {
        calls += 1;
        return HttpResponse.json(problem(429, 'rate_limited', 'slow down'), { status: 429, headers: { 'Retry-After': '0' } });
      }),
    );
    const error = await client({ maxRetries: 1 }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(0);
    expect(calls).toBe(2);
  });

  it('retries a dropped connection on a GET, and reports a NetworkError when it keeps dropping', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/me`, () => {
        calls += 1;
        return calls === 1 ? HttpResponse.error() : HttpResponse.json(ME);
      }),
    );
    await expect(client().me()).resolves.toEqual(ME);
    expect(calls).toBe(2);

    server.use(http.get(`${API}/me`, () => HttpResponse.error()));
    const error = await client({ maxRetries: 0 }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('does not retry a PATCH without If-Match (it could apply twice)', async () => {
    let calls = 0;
    server.use(
      http.patch(`${API}/contacts/:id`, () => {
        calls += 1;
        return HttpResponse.json(problem(503, 'unavailable', 'busy'), { status: 503 });
      }),
    );
    const error = await client().contacts.update('ct_000000000001', { fullName: 'X' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsApiError);
    expect((error as ContactsApiError).status).toBe(503);
    expect(calls).toBe(1);
  });

  it('times out, retries, and reports a TimeoutError', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/me`, async () => {
        calls += 1;
        await delay(500);
        return HttpResponse.json(ME);
      }),
    );
    const error = await client({ timeoutMs: 50, maxRetries: 1 }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as TimeoutError).code).toBe('timeout');
    expect(calls).toBe(2);
  });

  it('stops at once when the caller aborts, with the signal’s reason', async () => {
    let calls = 0;
    let answered = false;
    server.use(
      http.get(`${API}/me`, async () => {
        calls += 1;
        controller.abort();
        await delay(1000);
        answered = true;
        return HttpResponse.json(ME);
      }),
    );
    const controller = new AbortController();
    const error = await client().me({ signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    // Settled by the abort, not by the slow answer (no retry, no waiting for it).
    expect(answered).toBe(false);
    expect(calls).toBe(1);
  });
});

describe('tokens', () => {
  it('asks getToken again after a 401 and replays the request with the new token', async () => {
    const seen: string[] = [];
    let issued = 0;
    server.use(
      http.get(`${API}/me`, ({ request }) => {
        const auth = request.headers.get('authorization')!;
        seen.push(auth);
        return auth === 'Bearer st_fresh' ? HttpResponse.json(ME) : HttpResponse.json(problem(401, 'unauthorized', 'expired'), { status: 401 });
      }),
    );
    const cm = client({ token: undefined, getToken: () => (++issued === 1 ? 'st_old' : 'st_fresh') });
    await expect(cm.me()).resolves.toEqual(ME);
    expect(seen).toEqual(['Bearer st_old', 'Bearer st_fresh']);
  });

  it('reports an AuthenticationError when the token does not change', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/me`, () => {
        calls += 1;
        return HttpResponse.json(problem(401, 'unauthorized', 'The token is invalid.'), { status: 401 });
      }),
    );
    const error = await client({ token: undefined, getToken: () => 'st_same' }).me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'The token is invalid.' });
    expect(calls).toBe(1);
  });
});

describe('tokens that cannot be had', () => {
  it('reports a failing getToken as AuthenticationError without sending or retrying', async () => {
    let requests = 0;
    let asked = 0;
    server.use(
      http.get(`${API}/me`, () => {
        requests += 1;
        return HttpResponse.json(ME);
      }),
    );
    const cm = client({
      token: undefined,
      getToken: () => {
        asked += 1;
        throw new Error('session endpoint down');
      },
    });
    const error = await cm.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'token_unavailable', status: 0 });
    expect((error as Error).cause).toMatchObject({ message: 'session endpoint down' });
    expect([requests, asked]).toEqual([0, 1]);
  });
});

describe('idempotency keys without crypto.randomUUID (pages served over plain http)', () => {
  it('still sends a random UUID v4', async () => {
    const keys: string[] = [];
    server.use(
      http.post(`${API}/lists`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key')!);
        return HttpResponse.json({ id: 'ls_000000000001', name: 'A', contactCount: 0, createdAt: '2026-01-01T00:00:00Z' }, { status: 201 });
      }),
    );
    const randomUUID = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      await client().lists.create({ name: 'A' });
      await client().lists.create({ name: 'A' });
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

describe('errors', () => {
  const cases = [
    [422, 'validation_failed', ValidationError],
    [400, 'invalid_json', ValidationError],
    [403, 'permission_denied', PermissionError],
    [404, 'not_found', NotFoundError],
    [409, 'duplicate_phone', ConflictError],
    [409, 'opt_out_locked', OptOutLockedError],
  ] as const;
  it.each(cases)('maps %i %s to its class', async (status, code, ErrorClass) => {
    server.use(
      http.post(`${API}/contacts`, () =>
        HttpResponse.json(
          problem(status, code, `detail of ${code}`, {
            errors: [{ path: 'phone', code, message: 'bad phone' }],
            contactId: 'ct_000000000009',
          }),
          { status, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await client().contacts.create({ fullName: 'A', phone: '123' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ContactsApiError);
    expect(error).toMatchObject({ status, code, message: `detail of ${code}` });
    expect((error as ContactsApiError).errors).toEqual([{ path: 'phone', code, message: 'bad phone' }]);
    expect((error as ContactsApiError).problem?.code).toBe(code);
    if (error instanceof ConflictError) expect(error.contactId).toBe('ct_000000000009');
  });

  it('gives a 412 the server’s current contact', async () => {
    const current = makeContact({ version: 7, fullName: 'Theirs' });
    server.use(
      http.patch(`${API}/contacts/:id`, () =>
        HttpResponse.json(problem(412, 'precondition_failed', 'stale', { current }), { status: 412 }),
      ),
    );
    const error = await client().contacts.update(current.id, { fullName: 'Mine' }, { ifMatch: 6 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect((error as PreconditionFailedError).current).toEqual(current);
  });

  it('turns a body that breaks the contract into a ResponseValidationError', async () => {
    server.use(http.get(`${API}/contacts/:id`, () => HttpResponse.json({ id: 'ct_000000000001', fullName: 42 })));
    const error = await client().contacts.get('ct_000000000001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).code).toBe('invalid_response');
    expect((error as ResponseValidationError).errors.map((e) => e.path)).toContain('fullName');

    server.use(http.get(`${API}/me`, () => new HttpResponse('<html>gateway</html>', { headers: { 'Content-Type': 'text/html' } })));
    await expect(client().me()).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('maps a non-JSON error page by its status', async () => {
    server.use(http.get(`${API}/contacts/:id`, () => new HttpResponse('Not here', { status: 404 })));
    const error = await client().contacts.get('ct_000000000001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'not_found', problem: null });
  });
});

describe('jobs.wait', () => {
  it('polls until the job succeeds, reporting progress', async () => {
    let polls = 0;
    server.use(
      http.get(`${API}/jobs/:id`, () => {
        polls += 1;
        const done = Math.min(10, polls * 4);
        return HttpResponse.json(makeJob({ status: done === 10 ? 'succeeded' : 'running', progress: { done, total: 10 } }));
      }),
    );
    const progress: number[] = [];
    const job = await client().jobs.wait(makeJob(), { intervalMs: 5, onProgress: (j) => progress.push(j.progress.done) });
    expect(job.status).toBe('succeeded');
    expect(progress).toEqual([0, 4, 8, 10]);
  });

  it('rejects with JobFailedError when the job fails', async () => {
    server.use(
      http.get(`${API}/jobs/:id`, () =>
        HttpResponse.json(makeJob({ status: 'failed', error: { code: 'commit_failed', message: 'Row 3 broke the commit.' } })),
      ),
    );
    const error = await client().jobs.wait('jb_000000000001', { intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ code: 'commit_failed', message: 'Row 3 broke the commit.' });
  });
});
