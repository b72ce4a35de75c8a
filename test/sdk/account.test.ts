import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ContactsApiError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  createContactsClient,
} from '@contacts-manager/core';
import { startTestServer, type TestAccount, type TestServer } from './test-server.js';

let server: TestServer;
let acme: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  acme = await server.newAccount('Acme');
});
afterAll(() => server.close());

describe('me, users and sessions', () => {
  it('gives a secret key every permission and no user', async () => {
    const me = await acme.client.me();
    expect(me.account).toMatchObject({ id: acme.accountId, name: 'Acme', defaultCountry: 'US' });
    expect(me.user).toBeNull();
    expect(Object.values(me.permissions).every(Boolean)).toBe(true);
  });

  it('manages users and mints session tokens carrying their permissions', async () => {
    const agent = await acme.client.users.create({ name: 'Agent Smith', role: 'agent' });
    expect(agent.permissions.deleteContacts).toBe(false);
    const renamed = await acme.client.users.update(agent.id, { name: 'Agent Jones' });
    expect(renamed.name).toBe('Agent Jones');
    expect((await acme.client.users.list()).data.map((u) => u.id)).toContain(agent.id);

    const session = await acme.client.sessions.create({ userId: agent.id, ttlSeconds: 60 });
    expect(session.token).toMatch(/^st_/);
    expect(session.user.id).toBe(agent.id);
    const asAgent = acme.clientWith({ token: session.token });
    const me = await asAgent.me();
    expect(me.user).toMatchObject({ id: agent.id, role: 'agent' });
    expect(me.permissions.deleteAllContacts).toBe(false);

    // The server enforces what the widget hides.
    const contact = await asAgent.contacts.create({ fullName: 'Made by agent', phone: '+12025550111' });
    const denied = await asAgent.contacts.delete(contact.id).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied).toMatchObject({ status: 403, code: 'permission_denied' });
    await expect(asAgent.contacts.deleteAll()).rejects.toBeInstanceOf(PermissionError);
    // Secret-key-only endpoints.
    await expect(asAgent.users.list()).rejects.toBeInstanceOf(PermissionError);
  });

  it('rejects a bad token with AuthenticationError, and renews a token through getToken', async () => {
    const bad = acme.clientWith({ token: 'sk_not_a_key' });
    const error = await bad.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401 });

    const admin = await acme.client.users.create({ name: 'Admin', role: 'admin' });
    const tokens = ['st_expired_or_unknown', (await acme.client.sessions.create({ userId: admin.id })).token];
    let calls = 0;
    const renewing = createContactsClient({ baseUrl: server.url, getToken: () => tokens[Math.min(calls++, 1)]! });
    expect((await renewing.me()).user?.id).toBe(admin.id);
    expect(calls).toBe(2);
  });
});

describe('lists', () => {
  it('creates, lists, renames and deletes lists; names are unique', async () => {
    const vip = await acme.client.lists.create({ name: 'VIP' });
    expect(vip).toMatchObject({ name: 'VIP', contactCount: 0 });
    const duplicate = await acme.client.lists.create({ name: 'vip' }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect((duplicate as ConflictError).code).toBe('list_name_taken');
    const renamed = await acme.client.lists.update(vip.id, { name: 'Very important' });
    expect(renamed.name).toBe('Very important');
    await acme.client.contacts.create({ fullName: 'Listed', phone: '+12025550120', listIds: [vip.id] });
    const names: string[] = [];
    for await (const list of acme.client.lists.iterate()) names.push(`${list.name}:${list.contactCount}`);
    expect(names).toContain('Very important:1');
    expect((await acme.client.lists.list()).data.length).toBeGreaterThan(0);
    await acme.client.lists.delete(vip.id);
    await expect(acme.client.lists.delete(vip.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await acme.client.contacts.list({ q: 'Listed' })).total).toBe(1);
  });
});

describe('imports', () => {
  it('stages chunks, commits them in one job, and reports the counts', async () => {
    const list = await acme.client.lists.create({ name: 'Imported' });
    const session = await acme.client.imports.create({ listId: list.id, totalRows: 3, filename: 'people.csv' });
    expect(session).toMatchObject({ status: 'open', listId: list.id, filename: 'people.csv' });
    await acme.client.imports.putChunk(session.id, 0, { rows: [{ fullName: 'Imp One', phone: '202 555 0301' }] });
    const chunk = await acme.client.imports.putChunk(session.id, 1, {
      rows: [
        { fullName: 'Imp Two', phone: '+12025550302', email: 'two@example.com' },
        { fullName: 'Imp One Again', phone: '+12025550301' },
      ],
    });
    expect(chunk).toEqual({ index: 1, rows: 2 });
    expect((await acme.client.imports.get(session.id)).stagedChunks).toEqual([0, 1]);
    const job = await acme.client.imports.commit(session.id);
    expect(job.kind).toBe('import_commit');
    await acme.client.jobs.wait(job, { intervalMs: 20 });
    const finished = await acme.client.imports.get(session.id);
    expect(finished.status).toBe('completed');
    expect(finished.counts).toMatchObject({ rows: 3, created: 2, duplicatesInFile: 1 });
    expect((await acme.client.contacts.list({ listId: list.id })).total).toBe(2);
  });

  it('rejects jobs.wait with JobFailedError when a commit fails, importing nothing', async () => {
    const list = await acme.client.lists.create({ name: 'Gone before commit' });
    const session = await acme.client.imports.create({ listId: list.id });
    await acme.client.imports.putChunk(session.id, 0, { rows: [{ fullName: 'Never Imported', phone: '+12025550333' }] });
    await acme.client.lists.delete(list.id);
    const job = await acme.client.imports.commit(session.id);
    const error = await acme.client.jobs.wait(job, { intervalMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).job).toMatchObject({ id: job.id, status: 'failed' });
    expect((error as JobFailedError).message).toMatch(/list/i);
    expect((await acme.client.contacts.list({ q: 'Never Imported' })).total).toBe(0);
  });

  it('refuses a chunk with invalid rows, naming each, and aborts a session', async () => {
    const session = await acme.client.imports.create();
    const error = await acme.client.imports
      .putChunk(session.id, 0, { rows: [{ fullName: 'Fine', phone: '+12025550401' }, { fullName: 'Bad', phone: 'not a phone' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toContain('rows.1.phone');
    await acme.client.imports.abort(session.id);
    expect((await acme.client.imports.get(session.id)).status).toBe('aborted');
  });
});

describe('inbound messages', () => {
  it('opts a number out on STOP and back in on START', async () => {
    const contact = await acme.client.contacts.create({ fullName: 'Texter', phone: '+12025550501' });
    const stop = await acme.client.inboundMessages.create({ from: '+12025550501', body: 'Stop please' });
    expect(stop).toMatchObject({ action: 'opted_out', contactIds: [contact.id] });
    expect((await acme.client.contacts.get(contact.id)).optedOut).toBe(true);
    const start = await acme.client.inboundMessages.create({ from: '+12025550501', body: 'start' });
    expect(start.action).toBe('opted_in');
    expect((await acme.client.contacts.get(contact.id)).optedOut).toBe(false);
  });
});

describe('transport failures', () => {
  it('reports a refused connection as NetworkError', async () => {
    const closed = await startTestServer();
    const account = await closed.newAccount();
    await closed.close();
    const error = await account.client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('reports a server that never answers as TimeoutError', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const client = createContactsClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'sk_x', timeoutMs: 100, maxRetries: 0 });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout' });
    silent.close();
  });

  it('reports a spent rate limit as RateLimitError with Retry-After', async () => {
    const limited = await startTestServer({ rateLimit: { limit: 2, windowSeconds: 60 } });
    try {
      const account = await limited.newAccount();
      await account.client.me();
      await account.client.me();
      const error = await account.client.me().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toBeInstanceOf(ContactsApiError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
      expect((error as RateLimitError).retryAfter).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
