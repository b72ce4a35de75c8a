// A quick harness for the PostgreSQL write paths, for iterating below the full bench:
// seeds BENCH_CONTACTS contacts (200k by default) into a throwaway cluster sized like the
// bench's, stages as many import rows, times each statement of the commit (and its WAL),
// some searches, then delete-all through the background deleter, and lists the top
// statements from pg_stat_statements. KEEP=1 stops after staging and keeps the cluster
// until SIGTERM, for trying statements by hand. Run un-niced, and quote the load average:
//   BENCH_CONTACTS=200000 pnpm --filter @contacts-manager/server exec tsx --conditions=@contacts-manager/source bench/pg-writes-harness.ts
import { loadavg } from 'node:os';
import {
  PostgresImportsStore,
  type RunInTransaction,
} from '../src/store/postgres/imports-store.js';
import { PostgresBackgroundDeleter } from '../src/store/postgres/background-deleter.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Queryable } from '../src/store/postgres/queryable.js';
import { seedPostgresContacts } from '../src/store/postgres/seed-contacts.js';
import { seededPhone } from '../src/store/sqlite/seed-contacts.js';
import type { StagedRow } from '../src/store/types.js';
import { startThrowawayCluster } from '../test/postgres/throwaway-cluster.js';

const N = Number(process.env.BENCH_CONTACTS ?? 200_000);
const cluster = await startThrowawayCluster({
  settings: [
    'shared_buffers=1GB',
    'max_wal_size=4GB',
    'checkpoint_timeout=15min',
    'shared_preload_libraries=pg_stat_statements',
  ],
});
const store = await PostgresStore.open({ connectionString: `${cluster.baseUrl}postgres` });
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
try {
  await store.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const main = await store.accounts.createAccount({ name: 'Bench' });
  const importer = await store.accounts.createAccount({ name: 'Import' });
  const listId = (await store.lists.create(main.account.id, 'Bench')).id;
  let t = performance.now();
  await seedPostgresContacts(store, main.account.id, N, { listIds: [listId], optOutEvery: 50 });
  console.log(
    `seed ${N}: ${s(performance.now() - t)}  load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  const skipCommit = process.env.SKIP_COMMIT === '1';
  const session = await store.imports.create(importer.account.id, {});
  for (let chunk = 0; !skipCommit && chunk * 1000 < N; chunk++) {
    const rows: StagedRow[] = Array.from({ length: Math.min(1000, N - chunk * 1000) }, (_, i) => {
      const index = N + chunk * 1000 + i;
      return {
        fullName: `Imported Person ${index}`,
        phone: seededPhone(index),
        email: index % 3 ? `p${index}@example.com` : null,
      };
    });
    await store.imports.putChunk(importer.account.id, session.id, chunk, rows);
  }
  await store.pool.query('CHECKPOINT');
  if (process.env.KEEP === '1') {
    console.log(
      `KEEP ${cluster.baseUrl}postgres importer=${importer.account.id} import=${session.id}`,
    );
    await new Promise((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
  } else {
    if (!skipCommit) await store.imports.beginCommit(importer.account.id, session.id);
    const timing: RunInTransaction = async (work) => {
      const client = await store.pool.connect();
      const timed: Queryable = {
        query: (async (text: string, values?: unknown[]) => {
          const started = performance.now();
          const result = await client.query(text, values);
          const ms = performance.now() - started;
          if (ms > 50)
            console.log(
              `  ${(ms / 1000).toFixed(2).padStart(7)} s  ${text.replace(/\s+/g, ' ').slice(0, 110)}`,
            );
          return result;
        }) as Queryable['query'],
      };
      try {
        await client.query('BEGIN');
        const result = await work(timed);
        const started = performance.now();
        await client.query('COMMIT');
        console.log(`  ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s  COMMIT`);
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
    const imports = new PostgresImportsStore(store.pool, store.contacts, timing, Date.now);
    const wal0 = (await store.pool.query(`SELECT pg_current_wal_lsn() AS l`)).rows[0].l;
    t = performance.now();
    const outcome = skipCommit ? null : await imports.commit(importer.account.id, session.id, () => undefined);
    const commitMs = performance.now() - t;
    const wal = (
      await store.pool.query(
        `SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), $1)) AS w`,
        [wal0],
      )
    ).rows[0].w;
    console.log(
      `COMMIT ${N}: ${s(commitMs)}  wal ${wal}  ${JSON.stringify(outcome)}  load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );

    const searchTimes = async (label: string): Promise<void> => {
      for (const q of ['zo', 'lindberg', 'ada hart', '917-3', 'pemb']) {
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          await store.pool.query(`UPDATE accounts SET change_seq = change_seq + 1 WHERE id = $1`, [
            main.account.id,
          ]);
          const started = performance.now();
          await store.contacts.listWithFeedSeq(main.account.id, {
            q,
            limit: 50,
            sort: 'name',
          } as never);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(
          `${label} search ${JSON.stringify(q)}: median ${times[3]!.toFixed(1)} ms, max ${times[6]!.toFixed(1)} ms`,
        );
      }
    };
    await searchTimes('after commit');

    if (process.env.SKIP_DELETE !== '1') {
      const createdBefore = new Date(Date.now() + 1000).toISOString();
      const deleter = new PostgresBackgroundDeleter(
        (work) => PostgresStore.runOn(store.pool, work),
        main.account.id,
        createdBefore,
        'jb_none',
      );
      t = performance.now();
      let total = 0;
      for (;;) {
        const deleted = await deleter.deleteTransaction(Number.MAX_SAFE_INTEGER, 2000);
        if (deleted === 0) break;
        total += deleted;
      }
      console.log(
        `DELETE ALL ${total}: ${s(performance.now() - t)}  load ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      );
    }
  }
  const top = await store.pool
    .query(
      `SELECT round(total_exec_time) AS ms, calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8`,
    )
    .catch(() => ({ rows: [] }));
  for (const row of top.rows)
    console.log(
      `  pss ${String(row.ms).padStart(7)} ms ${String(row.calls).padStart(6)}x ${row.q}`,
    );
} finally {
  await store.close();
  cluster.stop();
}

