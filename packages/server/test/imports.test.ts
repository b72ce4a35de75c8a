import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPage, Import, Job } from '@contacts-manager/core/schema';
import { onPostgres, phone, testApi, type TestAccount, type TestApi } from './helpers.js';

let api: TestApi;
let acct: TestAccount;
let now = Date.parse('2030-01-01T00:00:00Z');

beforeEach(async () => {
  now = Date.parse('2030-01-01T00:00:00Z');
  api = testApi({ now: () => now });
  acct = await api.newAccount();
});
afterEach(() => api.close());

const row = (n: number, fullName = `Person ${n}`, email?: string) => ({ fullName, phone: phone(n), ...(email ? { email } : {}) });

async function openImport(body: Record<string, unknown> = {}): Promise<Import> {
  const response = await api.call('POST', '/v1/imports', acct.secretKey, body);
  expect(response.status).toBe(201);
  expect(response.headers.get('Location')).toMatch(/^\/v1\/imports\/im_/);
  return (await response.json()) as Import;
}

async function commit(id: string): Promise<{ job: Job; imported: Import }> {
  const response = await api.call('POST', `/v1/imports/${id}/commit`, acct.secretKey);
  expect(response.status).toBe(202);
  const job = (await response.json()) as Job;
  expect(response.headers.get('Location')).toBe(`/v1/jobs/${job.id}`);
  expect(job.kind).toBe('import_commit');
  await api.services.jobs.idle();
  return {
    job: (await api.json<Job>('GET', `/v1/jobs/${job.id}`, acct.secretKey)).body,
    imported: (await api.json<Import>('GET', `/v1/imports/${id}`, acct.secretKey)).body,
  };
}

const contactCount = async (): Promise<number> => (await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.total;

describe('imports', () => {
  it('stages chunks, then commits them all with upsert counts', async () => {
    const list = (await api.json<{ id: string }>('POST', '/v1/lists', acct.secretKey, { name: 'Imported' })).body;
    const existing = await api.createContact(acct.secretKey, { fullName: 'Person 1', phone: phone(1) });
    const same = await api.createContact(acct.secretKey, { fullName: 'Same', phone: phone(5), email: 'same@x.io' });
    await api.json('POST', '/v1/inbound-messages', acct.secretKey, { from: phone(3), body: 'STOP' });
    const session = await openImport({ listId: list.id, totalRows: 6, filename: 'people.csv' });
    expect(session).toMatchObject({ status: 'open', listId: list.id, filename: 'people.csv', chunks: 0 });

    const chunk0 = await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1, 'Person One'), row(2), row(3)] });
    expect(chunk0).toMatchObject({ status: 200, body: { index: 0, rows: 3 } });
    await api.json('PUT', `/v1/imports/${session.id}/chunks/1`, acct.secretKey, { rows: [row(2, 'Person Two, later'), { fullName: 'Same', phone: '(415) 555-0105', email: '' }, row(4)] });
    const staged = (await api.json<Import>('GET', `/v1/imports/${session.id}`, acct.secretKey)).body;
    expect(staged).toMatchObject({ chunks: 2, stagedChunks: [0, 1], counts: { rows: 6 } });
    expect(await contactCount()).toBe(2);

    const { job, imported } = await commit(session.id);
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 6, total: 6 } });
    expect(imported.status).toBe('completed');
    // Same (phone 5) stays on the list? It joins the list: that is an update.
    expect(imported.counts).toEqual({ rows: 6, created: 3, updated: 2, unchanged: 0, duplicatesInFile: 1, keptOptedOut: 1 });
    expect(job.result).toEqual(imported.counts);

    const page = (await api.json<ContactPage>('GET', `/v1/contacts?listId=${list.id}`, acct.secretKey)).body;
    expect(page.total).toBe(5);
    const byPhone = new Map(page.data.map((contact) => [contact.phone, contact]));
    expect(byPhone.get(phone(1))).toMatchObject({ id: existing.id, fullName: 'Person One', version: 2 });
    expect(byPhone.get(phone(2))?.fullName).toBe('Person Two, later');
    expect(byPhone.get(phone(3))?.optedOut).toBe(true);
    expect(byPhone.get(phone(5))).toMatchObject({ id: same.id, email: 'same@x.io' });
    const found = (await api.json<ContactPage>('GET', '/v1/contacts?q=two%2C%20lat', acct.secretKey)).body;
    expect(found.data.map((contact) => contact.phone)).toEqual([phone(2)]);
  });

  it.skipIf(onPostgres)('finds freshly imported contacts by search before and after they are indexed', async () => {
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1, 'Quentin Blake'), row(2, 'Roald Dahl')] });
    // Commit straight through the store, so the background indexing has not run yet.
    api.sqlite.imports.beginCommit(acct.accountId, session.id);
    const steps = api.sqlite.imports.commitSteps(acct.accountId, session.id);
    for (let step = steps.next(); !step.done; step = steps.next());
    const names = async (q: string): Promise<string[]> =>
      (await api.json<ContactPage>('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, acct.secretKey)).body.data.map((c) => c.fullName);
    expect(await names('blake')).toEqual(['Quentin Blake']);
    expect(api.sqlite.contacts.sweepSearchIndex(1000)).toBe(2);
    expect(api.sqlite.contacts.sweepSearchIndex(1000)).toBe(0);
    expect(await names('blake')).toEqual(['Quentin Blake']);
    expect(await names('dahl')).toEqual(['Roald Dahl']);
  });

  it('re-importing identical rows counts them unchanged', async () => {
    await api.createContact(acct.secretKey, { fullName: 'A', phone: phone(1), email: 'a@x.io' });
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [{ fullName: 'A', phone: phone(1), email: 'A@X.io' }] });
    expect((await commit(session.id)).imported.counts).toMatchObject({ unchanged: 1, updated: 0, created: 0 });
  });

  it('a chunk with bad rows is 422 naming every bad row and field, and stages nothing', async () => {
    const session = await openImport();
    const { status, body } = await api.json<{ code: string; errors: { path: string; code: string }[] }>('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, {
      rows: [
        row(1),
        { fullName: '', phone: phone(2) },
        row(3),
        { fullName: 'Bad phone', phone: '12' },
        { fullName: 'Bad', phone: '999', email: 'x@' },
        { fullName: 'Invalid', phone: '+1 000 000 0000' },
        { fullName: '', phone: '+1 000 000 0001' },
      ],
    });
    expect(status).toBe(422);
    expect(body.code).toBe('validation_failed');
    const paths = body.errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['rows.1.fullName', 'rows.3.phone', 'rows.4.email', 'rows.5.phone', 'rows.6.fullName', 'rows.6.phone']));
    expect(paths.some((path) => path.startsWith('rows.0') || path.startsWith('rows.2'))).toBe(false);
    expect(body.errors.find((error) => error.path === 'rows.5.phone')?.code).toBe('invalid_phone');
    expect((await api.json<Import>('GET', `/v1/imports/${session.id}`, acct.secretKey)).body.chunks).toBe(0);
  });

  it('refuses chunks over 1000 rows with 422', async () => {
    const session = await openImport();
    const rows = Array.from({ length: 1001 }, (_, i) => ({ fullName: `P${i}`, phone: `+1212555${String(i).padStart(4, '0')}` }));
    const { status, body } = await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows });
    expect(status).toBe(422);
    expect(body.code).toBe('validation_failed');
  });

  it('re-sending a chunk index replaces it: only the rows sent last are imported', async () => {
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1, 'First Try'), row(2), row(3)] });
    // The retry differs (a corrected file): other names, a row fewer, a new number.
    const resent = await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1, 'Second Try'), row(4)] });
    expect(resent.body).toEqual({ index: 0, rows: 2 });
    expect((await api.json<Import>('GET', `/v1/imports/${session.id}`, acct.secretKey)).body.counts.rows).toBe(2);
    expect((await commit(session.id)).imported.counts).toMatchObject({ rows: 2, created: 2 });
    const names = (await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body.data.map((contact) => [contact.fullName, contact.phone]);
    expect(names).toEqual([
      ['Person 4', phone(4)],
      ['Second Try', phone(1)],
    ]);
  });

  it.skipIf(onPostgres)('a commit that fails midway leaves the database as it was, and the import open to commit again', async () => {
    await api.createContact(acct.secretKey, { fullName: 'Before', phone: phone(1) });
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1, 'Renamed'), row(2), row(3), row(4)] });
    // A storage fault on the third row's insert, after earlier rows were written.
    api.sqlite.db.exec(`CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON contacts WHEN NEW.phone = '${phone(4)}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const { job, imported } = await commit(session.id);
    api.sqlite.db.exec('DROP TRIGGER fail_midway');
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/Nothing was imported/);
    expect(imported).toMatchObject({ status: 'open', counts: { rows: 4 }, error: { code: 'internal_error' } });
    const page = (await api.json<ContactPage>('GET', '/v1/contacts', acct.secretKey)).body;
    expect(page.total).toBe(1);
    expect(page.data[0]?.fullName).toBe('Before');
    // The fault cleared, the same staged rows commit.
    const again = await commit(session.id);
    expect(again.job.status).toBe('succeeded');
    expect(again.imported).toMatchObject({ status: 'completed', counts: { created: 3, updated: 1 } });
    expect(again.imported.error).toBeUndefined();
  });

  it('commit twice is 409 import_not_open; abort discards the staged rows', async () => {
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1)] });
    await commit(session.id);
    expect((await api.json('POST', `/v1/imports/${session.id}/commit`, acct.secretKey)).body.code).toBe('import_not_open');
    expect((await api.json('PUT', `/v1/imports/${session.id}/chunks/1`, acct.secretKey, { rows: [row(2)] })).status).toBe(409);

    const other = await openImport();
    await api.json('PUT', `/v1/imports/${other.id}/chunks/0`, acct.secretKey, { rows: [row(2)] });
    expect((await api.call('DELETE', `/v1/imports/${other.id}`, acct.secretKey)).status).toBe(204);
    const aborted = (await api.json<Import>('GET', `/v1/imports/${other.id}`, acct.secretKey)).body;
    expect(aborted).toMatchObject({ status: 'aborted', chunks: 0 });
    expect((await api.json('POST', `/v1/imports/${other.id}/commit`, acct.secretKey)).status).toBe(409);
    expect(await contactCount()).toBe(1);
  });

  it('an import untouched for 24 h expires and drops its rows', async () => {
    const session = await openImport();
    await api.json('PUT', `/v1/imports/${session.id}/chunks/0`, acct.secretKey, { rows: [row(1)] });
    now += 23 * 3600_000;
    await api.json('PUT', `/v1/imports/${session.id}/chunks/1`, acct.secretKey, { rows: [row(2)] });
    now += 23 * 3600_000;
    expect((await api.json<Import>('GET', `/v1/imports/${session.id}`, acct.secretKey)).body.status).toBe('open');
    now += 2 * 3600_000;
    const expired = (await api.json<Import>('GET', `/v1/imports/${session.id}`, acct.secretKey)).body;
    expect(expired).toMatchObject({ status: 'aborted', chunks: 0, error: { code: 'import_expired' } });
    expect((await api.json('POST', `/v1/imports/${session.id}/commit`, acct.secretKey)).status).toBe(409);
  });

  it('needs importContacts', async () => {
    await api.json('PATCH', `/v1/users/${acct.agentUserId}`, acct.secretKey, { permissions: { importContacts: false } });
    const { status, body } = await api.json('POST', '/v1/imports', acct.agentToken, {});
    expect(status).toBe(403);
    expect(body.code).toBe('permission_denied');
  });
});
