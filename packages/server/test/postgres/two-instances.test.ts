// Two server instances on one PostgreSQL database: nothing that matters lives in either.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangesPage, Contact, ContactPage, Import, Job } from '@contacts-manager/core/schema';
import { onPostgres, phone, postgresUrl, testApi, type TestAccount, type TestApi } from '../helpers.js';

const SERVE = fileURLToPath(new URL('../fixtures/serve-database.ts', import.meta.url));
const NODE_ARGS = ['--conditions=@contacts-manager/source', '--import', import.meta.resolve('tsx'), SERVE];
/** Short leases, so a killed instance's job is taken over quickly. */
const JOBS = { leaseMs: 1500, pollMs: 100 };

const opened: TestApi[] = [];
let child: ChildProcess | null = null;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await Promise.all(opened.splice(0).map((api) => api.close()));
});

function instance(): TestApi {
  const api = testApi({ jobs: JOBS });
  opened.push(api);
  return api;
}

/** An instance in a child process (to kill -9); resolves with its URL. */
async function childInstance(options: Record<string, unknown> = {}): Promise<string> {
  child = spawn(process.execPath, [...NODE_ARGS, postgresUrl!, JSON.stringify({ jobs: JOBS, ...options })], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /listening on (\S+)/.exec(line);
    if (match?.[1]) return match[1];
  }
  throw new Error('the instance ended before listening');
}

async function fetchJson<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
  return (await response.json()) as T;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const bigPhone = (n: number): string => `+1212${String(2_000_000 + n).padStart(7, '0')}`;

async function stage(api: TestApi, acct: TestAccount, rows: number, offset = 0): Promise<string> {
  const session = (await api.json<{ id: string }>('POST', '/v1/imports', acct.secretKey, {})).body;
  for (let chunk = 0; chunk * 1000 < rows; chunk++) {
    const body = { rows: Array.from({ length: Math.min(1000, rows - chunk * 1000) }, (_, i) => ({ fullName: `Person ${offset + chunk * 1000 + i}`, phone: bigPhone(offset + chunk * 1000 + i) })) };
    expect((await api.json('PUT', `/v1/imports/${session.id}/chunks/${chunk}`, acct.secretKey, body)).status).toBe(200);
  }
  return session.id;
}

async function optOutCount(api: TestApi, acct: TestAccount): Promise<number> {
  return (await api.json<ContactPage>('GET', '/v1/contacts?optedOut=true&limit=1', acct.secretKey)).body.total;
}

describe.skipIf(!onPostgres)('two instances on one PostgreSQL', () => {
  it('a write on A is read on B; an import staged on A is committed on B', async () => {
    const [a, b] = [instance(), instance()];
    const acct = await a.newAccount();
    const created = await a.createContact(acct.adminToken, { fullName: 'Ada', phone: phone(1) });
    expect((await b.json<Contact>('GET', `/v1/contacts/${created.id}`, acct.adminToken)).body.fullName).toBe('Ada');
    // A session minted on A works on B; a permission switched off on A is off on B at once.
    await a.json('PATCH', `/v1/users/${(await b.json<{ user: { id: string } }>('GET', '/v1/me', acct.agentToken)).body.user.id}`, acct.secretKey, { permissions: { editContacts: false } });
    expect((await b.json('POST', '/v1/contacts', acct.agentToken, { fullName: 'No', phone: phone(2) })).status).toBe(403);

    const session = await stage(a, acct, 2500);
    const job = (await b.json<Job>('POST', `/v1/imports/${session}/commit`, acct.secretKey)).body;
    const done = await until(() => a.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey), ({ body }) => body.status !== 'queued' && body.status !== 'running');
    expect(done.body).toMatchObject({ status: 'succeeded', result: { created: 2500 } });
    expect((await a.json<Import>('GET', `/v1/imports/${session}`, acct.secretKey)).body.status).toBe('completed');
    expect((await b.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(2501);
  });

  it('concurrent If-Match writes through both: exactly one wins each round', async () => {
    const [a, b] = [instance(), instance()];
    const acct = await a.newAccount();
    const contact = await a.createContact(acct.secretKey, { fullName: 'Race', phone: phone(3) });
    let version = contact.version;
    for (let round = 0; round < 15; round++) {
      const results = await Promise.all(
        [a, b].map((api, side) => api.json<Contact>('PATCH', `/v1/contacts/${contact.id}`, acct.secretKey, { fullName: `Round ${round} ${side}` }, { 'If-Match': `"${version}"` })),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 412]);
      version += 1;
    }
    expect((await b.json<Contact>('GET', `/v1/contacts/${contact.id}`, acct.secretKey)).body.version).toBe(version);
  });

  it('share rate limits, and idempotency keys (replay or 409 while the first is running): one contact, whatever instance answers', async () => {
    const [a, b] = [testApi({ jobs: JOBS, rateLimit: { limit: 4, windowSeconds: 60 } }), testApi({ jobs: JOBS, rateLimit: { limit: 4, windowSeconds: 60 } })];
    opened.push(a, b);
    const acct = await a.newAccount();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await (i % 2 === 0 ? a : b).call('GET', '/v1/me', acct.agentToken)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);

    const [c, d] = [instance(), instance()];
    for (let round = 0; round < 5; round++) {
      const key = `create-${round}`;
      const body = { fullName: `Once ${round}`, phone: phone(40 + round) };
      const answers = await Promise.all([c, d].map((api) => api.json<{ code?: string }>('POST', '/v1/contacts', acct.secretKey, body, { 'Idempotency-Key': key })));
      for (const answer of answers) {
        expect([answer.status, answer.body.code]).toSatisfy(([status, code]: [number, string | undefined]) => status === 201 || (status === 409 && code === 'idempotency_in_progress'));
      }
      expect(answers.some((answer) => answer.status === 201)).toBe(true);
      const replay = await d.json('POST', '/v1/contacts', acct.secretKey, body, { 'Idempotency-Key': key });
      expect([replay.status, replay.headers.get('Idempotent-Replayed')]).toEqual([201, 'true']);
    }
    expect((await c.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(5);
  });

  it('share failed-authentication counts: guesses spread over two instances are blocked at the limit plus one per instance', async () => {
    // Its own clock, twenty days on, so no other test's failures share its window.
    const options = { jobs: JOBS, failedAuthLimit: { limit: 3, windowSeconds: 60 }, now: () => Date.now() + 20 * 86_400_000 };
    const [a, b] = [testApi(options), testApi(options)];
    opened.push(a, b);
    const acct = await a.newAccount();
    const me = async (api: TestApi, token: string) => (await api.call('GET', '/v1/me', token)).status;
    // Three guesses, on A, B, A: the shared count reaches the limit on A's second failure.
    expect([await me(a, 'sk_guess_1'), await me(b, 'sk_guess_2'), await me(a, 'sk_guess_3')]).toEqual([401, 401, 401]);
    expect(await me(a, acct.secretKey)).toBe(429);
    // B has not seen the spent count yet; its next failure reads it and B blocks too.
    expect(await me(b, acct.secretKey)).toBe(200);
    expect(await me(b, 'sk_guess_4')).toBe(401);
    expect(await me(b, acct.secretKey)).toBe(429);
  });

  it('a follower on B never misses a change while A and B write at once; seqs are per account', async () => {
    const [a, b] = [instance(), instance()];
    const acct = await a.newAccount();
    const other = await b.newAccount('Other');
    await b.createContact(other.secretKey, { fullName: 'Elsewhere', phone: phone(9) });
    const seen = new Map<string, number>();
    let after = 0;
    let writing = true;
    const follow = (async () => {
      while (writing || after < (await b.json<ContactPage>('GET', '/v1/contacts?limit=1', acct.secretKey)).body.feedSeq) {
        const page = (await b.json<ChangesPage>('GET', `/v1/changes?after=${after}&limit=50`, acct.secretKey)).body;
        for (const change of page.data) if (change.op === 'upsert') seen.set(change.contact.id, change.seq);
        after = page.nextAfter;
      }
    })();
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; i < 15; i++) {
          const api = (worker + i) % 2 === 0 ? a : b;
          ids.push((await api.createContact(acct.secretKey, { fullName: `W${worker} ${i}`, phone: phone(100 + worker * 20 + i) })).id);
        }
      }),
    );
    writing = false;
    await follow;
    expect(ids.filter((id) => !seen.has(id))).toEqual([]);
    expect(Math.min(...seen.values())).toBe(1);
    expect(after).toBe(ids.length);
  });

  it('kill -9 of the instance running a delete-all: the other finishes it, counts exact, register intact', async () => {
    const seeder = instance();
    const acct = await seeder.newAccount();
    const rows = 12_000;
    const session = await stage(seeder, acct, rows);
    await seeder.json('POST', `/v1/imports/${session}/commit`, acct.secretKey);
    await seeder.services.jobs.idle();
    for (let n = 0; n < 30; n++) await seeder.json('POST', '/v1/inbound-messages', acct.secretKey, { from: bigPhone(n * 100), body: 'STOP' });
    const registered = await optOutCount(seeder, acct);
    await seeder.close();
    opened.splice(opened.indexOf(seeder), 1);

    const url = await childInstance({ deleteBatchSize: 300 });
    const job = await fetchJson<Job>(`${url}/v1/contacts?all=true`, acct.secretKey, { method: 'DELETE', headers: { Confirm: 'delete-all-contacts' } });
    await until(() => fetchJson<Job>(`${url}/v1/jobs/${job.id}`, acct.secretKey), (current) => current.progress.done > 0);
    child!.kill('SIGKILL');
    child = null;

    const survivor = instance();
    const finished = await until(() => survivor.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey), ({ body }) => body.status === 'succeeded' || body.status === 'failed');
    expect(finished.body).toMatchObject({ status: 'succeeded', result: { deleted: rows } });
    expect((await survivor.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(0);
    let deletes = 0;
    for (let after = 0; ; ) {
      const page = (await survivor.json<ChangesPage>('GET', `/v1/changes?after=${after}&limit=1000`, acct.secretKey)).body;
      deletes += page.data.filter((change) => change.op === 'delete').length;
      if (!page.hasMore) break;
      after = page.nextAfter;
    }
    expect(deletes).toBe(rows);
    // The register is by number: the numbers come back opted out.
    const back = (await survivor.json<Contact>('POST', '/v1/contacts', acct.secretKey, { fullName: 'Back', phone: bigPhone(0) })).body;
    expect(back.optedOut).toBe(true);
    expect(registered).toBe(30);
  });

  it('kill -9 of the instance running an import commit: the other commits it, all rows once', async () => {
    const seeder = instance();
    const acct = await seeder.newAccount();
    await seeder.json('POST', '/v1/inbound-messages', acct.secretKey, { from: bigPhone(5), body: 'STOP' });
    const rows = 40_000;
    const session = await stage(seeder, acct, rows);
    await seeder.close();
    opened.splice(opened.indexOf(seeder), 1);

    const url = await childInstance();
    const job = await fetchJson<Job>(`${url}/v1/imports/${session}/commit`, acct.secretKey, { method: 'POST' });
    await until(() => fetchJson<Job>(`${url}/v1/jobs/${job.id}`, acct.secretKey), (current) => current.status === 'running' && current.progress.done > 0);
    child!.kill('SIGKILL');
    child = null;

    const survivor = instance();
    const finished = await until(() => survivor.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey), ({ body }) => body.status === 'succeeded' || body.status === 'failed');
    expect(finished.body).toMatchObject({ status: 'succeeded', result: { rows, created: rows, keptOptedOut: 1 } });
    expect((await survivor.json<Import>('GET', `/v1/imports/${session}`, acct.secretKey)).body).toMatchObject({ status: 'completed', counts: { created: rows } });
    expect((await survivor.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total).toBe(rows);
    expect(await optOutCount(survivor, acct)).toBe(1);
  });
});
