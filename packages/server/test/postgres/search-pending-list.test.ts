// PostgreSQL migration 3: the trigram index keeps an import commit's rows in its pending list
// until the search sweep merges them. Upgraded from the schema before it (version 2), searches
// still find what was there, find an import's contacts at once (from the pending list), and
// find them the same after the sweep.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, SEARCH_PENDING_LIST_LIMIT_KB } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { ContactFilter, StagedRow } from '../../src/store/types.js';
import { postgresUrl } from '../helpers.js';

const byName = (q: string): ContactFilter => ({ q, sort: 'name', limit: 50 });

describe.skipIf(!postgresUrl)('PostgreSQL search index pending list (migration 3)', () => {
  const database = `contacts_upgrade_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let pool: pg.Pool;
  let store: PostgresStore;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl!);
    url.pathname = `/${database}`;
    pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    store = PostgresStore.connect({ connectionString: url.toString(), poolSize: 4 });
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin?.end();
  });

  it('upgrades from version 2, and an import is found by search before and after the sweep merges it', async () => {
    await migrate(pool, 2);
    const { account } = await store.accounts.createAccount({ name: 'Upgrade' });
    const before = await store.contacts.create(account.id, { fullName: 'Ada Lovelace', phone: '+14155550100', email: 'ada@example.com', listIds: [], optedOut: false });

    expect(await migrate(pool)).toBe(1);
    const { rows } = await pool.query<{ reloptions: string[] | null }>(`SELECT reloptions FROM pg_class WHERE relname = 'contacts_search'`);
    expect(rows[0]?.reloptions).toContain(`gin_pending_list_limit=${SEARCH_PENDING_LIST_LIMIT_KB}`);
    expect((await store.contacts.list(account.id, byName('lovelace'))).data.map((c) => c.id)).toEqual([before.id]);

    const session = await store.imports.create(account.id, {});
    const rowsOf = (from: number, count: number): StagedRow[] =>
      Array.from({ length: count }, (_, i) => ({ fullName: `Zoë Pending ${from + i}`, phone: `+1415556${String(from + i).padStart(4, '0')}`, email: `zoe.${from + i}@pending.example` }));
    await store.imports.putChunk(account.id, session.id, 0, rowsOf(0, 200));
    await store.imports.putChunk(account.id, session.id, 1, rowsOf(200, 100));
    await store.imports.beginCommit(account.id, session.id);
    const outcome = await store.imports.commit(account.id, session.id, () => undefined);
    expect(outcome).toMatchObject({ ok: true, counts: { rows: 300, created: 300 } });

    // What each query finds, read while the new rows are only in the pending list.
    const queries = ['pending 12', 'zo', 'zoe.29', '556-0029', 'lovelace'];
    const found = async (): Promise<Record<string, { total: number; first: string[] }>> =>
      Object.fromEntries(
        await Promise.all(queries.map(async (q) => [q, await store.contacts.list(account.id, byName(q)).then((page) => ({ total: page.total, first: page.data.slice(0, 3).map((c) => c.fullName) }))])),
      );
    const unmerged = await found();
    expect(unmerged['pending 12']!.total).toBe(11); // 12, 120–129
    expect(unmerged['zo']).toEqual({ total: 300, first: ['Zoë Pending 0', 'Zoë Pending 1', 'Zoë Pending 10'] });
    expect(unmerged['zoe.29']!.total).toBe(11);
    expect(unmerged['556-0029']).toEqual({ total: 1, first: ['Zoë Pending 29'] });
    expect(unmerged['lovelace']).toEqual({ total: 1, first: ['Ada Lovelace'] });

    expect(await store.contacts.sweepSearchIndex()).toBeGreaterThan(0);
    expect(await store.contacts.sweepSearchIndex()).toBe(0);
    expect(await found()).toEqual(unmerged);
  });
});
