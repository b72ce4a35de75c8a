// pnpm bench:server: the server's quality bars (quality.md) measured on this machine over
// real HTTP on 127.0.0.1. Seeds through the store (fast), then measures; prints each figure
// beside its bar and writes bench/results/server.json at the repository root.
// `pnpm bench:server -- --database-url postgres://…` measures the PostgreSQL backend instead
// (the database should be empty; `--database-url throwaway` starts a cluster of its own),
// with list throughput from one and from two instances, into bench/results/server-postgres.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { seedPostgresContacts } from '../src/store/postgres/seed-contacts.js';
import { seedContacts, seededPhone } from '../src/store/sqlite/seed-contacts.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { StagedRow } from '../src/store/types.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../test/postgres/throwaway-cluster.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const LOAD_SECONDS = 10;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const round = (value: number): number => Math.round(value * 100) / 100;

/** fetch, once more after a reset: a keep-alive socket the server just closed is not a server failure. */
async function get(url: string, token: string): Promise<Response> {
  try {
    return await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  }
}

async function timed(url: string, token: string): Promise<number> {
  const started = performance.now();
  const response = await get(url, token);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function waitForJob(baseUrl: string, token: string, jobId: string, onPoll?: () => Promise<void>): Promise<{ status: string }> {
  for (;;) {
    const job = (await (await get(`${baseUrl}/v1/jobs/${jobId}`, token)).json()) as { status: string };
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (onPoll) await onPoll();
    else await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Samples a process's resident memory (Linux /proc) every 20 ms until the returned function is
 * called; that answers the peak, in MB. The server's memory is what the bar limits, not ours.
 */
function sampleRss(pid: number): () => number {
  let peakKb = 0;
  let atPeak = '';
  let atStart = '';
  const read = (): void => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
      atStart ||= `${Math.round(kb('VmRSS') / 1024)} MB (anonymous ${Math.round(kb('RssAnon') / 1024)} MB)`;
      if (kb('VmRSS') > peakKb) {
        peakKb = kb('VmRSS');
        // Heap and caches, or pages of the database file mapped in (mmap): a hint at where it went.
        atPeak = `anonymous ${Math.round(kb('RssAnon') / 1024)} MB, file ${Math.round(kb('RssFile') / 1024)} MB`;
      }
    } catch {
      // Not Linux, or the process is gone: no figure.
    }
  };
  read();
  const timer = setInterval(read, 20);
  return () => {
    clearInterval(timer);
    read();
    console.log(`      server RSS before the commit: ${atStart}; at its peak: ${atPeak}`);
    return peakKb / 1024;
  };
}

const results: Record<string, { value: number; unit: string; bar: string; pass: boolean }> = {};
function report(name: string, value: number, unit: string, bar: string, pass: boolean): void {
  results[name] = { value: round(value), unit, bar, pass };
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name.padEnd(34)} ${String(round(value)).padStart(10)} ${unit.padEnd(6)} (bar: ${bar})`);
}

// pnpm passes the `--` through: drop it, or parseArgs would read no option after it.
const { values: args } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { 'database-url': { type: 'string' } }, allowPositionals: true });
let cluster: ThrowawayCluster | null = null;
let databaseUrl = args['database-url'];
if (databaseUrl === 'throwaway') {
  // Sized as docs/deployment.md advises: the contacts and their indexes stay in shared buffers.
  cluster = await startThrowawayCluster({ settings: ['shared_buffers=1GB', 'max_wal_size=4GB', 'checkpoint_timeout=15min'] });
  databaseUrl = `${cluster.baseUrl}postgres`;
}
const onPostgres = databaseUrl !== undefined;
/** quality.md's bars for the backend measured. */
const BARS = onPostgres ? { firstPageMs: 20, searchMs: 50, commitSeconds: 20, deleteSeconds: 20 } : { firstPageMs: 15, searchMs: 30, commitSeconds: 10, deleteSeconds: 10 };

const dir = mkdtempSync(join(tmpdir(), 'contacts-bench-'));
const dbPath = join(dir, 'bench.db');
// Seed through the store, then serve the same database from a child process.
const sqlite = onPostgres ? null : SqliteStore.open(dbPath);
const postgres = databaseUrl ? await PostgresStore.open({ connectionString: databaseUrl }) : null;
const children: ChildProcess[] = [];
/** Starts a server instance in a child process; resolves with its URL. */
async function startInstance(): Promise<string> {
  const child = spawn(process.execPath, ['--conditions=@contacts-manager/source', '--import', 'tsx', fileURLToPath(new URL('./bench-server.ts', import.meta.url)), databaseUrl ?? dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return line.toString().trim();
}
try {
  const accounts = postgres?.accounts ?? sqlite!.accounts;
  const main = await accounts.createAccount({ name: 'Bench' });
  const importer = await accounts.createAccount({ name: 'Bench import' });
  const listId = postgres ? (await postgres.lists.create(main.account.id, 'Bench')).id : sqlite!.lists.create(main.account.id, 'Bench').id;

  let started = performance.now();
  if (postgres) await seedPostgresContacts(postgres, main.account.id, CONTACTS, { listIds: [listId], optOutEvery: 50 });
  else seedContacts(sqlite!.db, main.account.id, CONTACTS, { listIds: [listId], optOutEvery: 50 });
  console.log(`seeded ${CONTACTS} contacts in ${round((performance.now() - started) / 1000)} s (${onPostgres ? 'PostgreSQL' : 'SQLite'})`);
  // Started after seeding: its startup writes would otherwise wait on the seeding transactions.
  const serverUrl = await startInstance();
  const base = `${serverUrl}/v1`;
  const key = main.secretKey;

  // Warm up caches and statements.
  for (let i = 0; i < 50; i++) await timed(`${base}/contacts?limit=50`, key);

  // Pages are reused while an account has no newer change. Uncached figures come from
  // requests that each follow a small write (not timed), as in a busy account.
  const touched = (await (
    await fetch(`${base}/contacts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fullName: 'Bench Writer', phone: seededPhone(CONTACTS + IMPORT_ROWS + 1) }),
    })
  ).json()) as { id: string };
  const write = async (): Promise<void> => {
    const response = await fetch(`${base}/contacts/${touched.id}/consent-message`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
  };
  const firstPage: number[] = [];
  for (let i = 0; i < 300; i++) {
    await write();
    firstPage.push(await timed(`${base}/contacts?limit=50`, key));
  }
  report('first page p99 (uncached)', percentile(firstPage, 99), 'ms', `≤ ${BARS.firstPageMs} ms`, percentile(firstPage, 99) <= BARS.firstPageMs);
  const firstPageCached: number[] = [];
  for (let i = 0; i < 300; i++) firstPageCached.push(await timed(`${base}/contacts?limit=50`, key));
  report('first page p99 (cached)', percentile(firstPageCached, 99), 'ms', `≤ ${BARS.firstPageMs} ms`, percentile(firstPageCached, 99) <= BARS.firstPageMs);

  // What people type: names and parts of names, an email, phone fragments; one short query.
  const queries = ['lindberg', 'ada hart', 'thornton', 'ström', 'nora.kirk', 'holmsen.4', '415 2345', '917-3', 'pemb', 'zo'];
  const search: number[] = [];
  const byQuery = new Map<string, number[]>(queries.map((q) => [q, []]));
  for (let round_ = 0; round_ < 20; round_++) {
    for (const q of queries) {
      await write();
      const ms = await timed(`${base}/contacts?limit=50&q=${encodeURIComponent(q)}`, key);
      search.push(ms);
      byQuery.get(q)!.push(ms);
    }
  }
  console.log(`      search medians: ${[...byQuery].map(([q, times]) => `${JSON.stringify(q)} ${round(percentile(times, 50))} ms`).join(', ')}`);
  report('search q p95 (uncached)', percentile(search, 95), 'ms', `≤ ${BARS.searchMs} ms`, percentile(search, 95) <= BARS.searchMs);

  const load = await autocannon({
    url: `${base}/contacts?limit=50`,
    headers: { Authorization: `Bearer ${key}` },
    connections: 16,
    duration: LOAD_SECONDS,
  });
  report('list requests/s (same first page)', load.requests.average, 'req/s', '≥ 3000 req/s', load.requests.average >= 3000);
  if (onPostgres) {
    // A second instance on the same database, each taking half the connections.
    const secondUrl = await startInstance();
    for (let i = 0; i < 50; i++) await timed(`${secondUrl}/v1/contacts?limit=50`, key);
    const both = await Promise.all(
      [serverUrl, secondUrl].map((url) => autocannon({ url: `${url}/v1/contacts?limit=50`, headers: { Authorization: `Bearer ${key}` }, connections: 8, duration: LOAD_SECONDS })),
    );
    const total = both.reduce((sum, run) => sum + run.requests.average, 0);
    report('list requests/s, two instances', total, 'req/s', '≥ 1.5× one instance', total >= 1.5 * load.requests.average);
    const second = children.pop()!;
    second.kill('SIGTERM');
    await once(second, 'exit');
  }

  // Import commit: stage through the store, commit over HTTP.
  const session = postgres ? await postgres.imports.create(importer.account.id, {}) : sqlite!.imports.create(importer.account.id, {});
  for (let chunk = 0; chunk * 1000 < IMPORT_ROWS; chunk++) {
    const rows: StagedRow[] = Array.from({ length: Math.min(1000, IMPORT_ROWS - chunk * 1000) }, (_, i) => {
      const index = CONTACTS + chunk * 1000 + i;
      return { fullName: `Imported Person ${index}`, phone: seededPhone(index), email: index % 3 ? `p${index}@example.com` : null };
    });
    if (postgres) await postgres.imports.putChunk(importer.account.id, session.id, chunk, rows);
    else sqlite!.imports.putChunk(importer.account.id, session.id, chunk, rows);
  }
  const stopRss = sampleRss(children[0]!.pid!);
  started = performance.now();
  const commit = (await (await fetch(`${base}/imports/${session.id}/commit`, { method: 'POST', headers: { Authorization: `Bearer ${importer.secretKey}` } })).json()) as { id: string };
  const pollLatency: number[] = [];
  const commitJob = await waitForJob(serverUrl, importer.secretKey, commit.id, async () => {
    pollLatency.push(await timed(`${base}/contacts?limit=50`, key));
  });
  const commitSeconds = (performance.now() - started) / 1000;
  const commitRssMb = stopRss();
  if (commitJob.status !== 'succeeded') throw new Error('the import commit failed');
  report(`commit ${IMPORT_ROWS} staged rows`, commitSeconds, 's', `≤ ${BARS.commitSeconds} s (1M)`, commitSeconds <= BARS.commitSeconds);
  report('list p99 during commit', percentile(pollLatency, 99), 'ms', 'answers meanwhile', pollLatency.length > 0);
  report('server RSS peak during commit', commitRssMb, 'MB', '≤ 300 MB (1M)', commitRssMb <= 300);

  // Delete all 1M while reading.
  started = performance.now();
  const del = (await (
    await fetch(`${base}/contacts?all=true`, { method: 'DELETE', headers: { Authorization: `Bearer ${key}`, Confirm: 'delete-all-contacts' } })
  ).json()) as { id: string };
  const readLatency: number[] = [];
  const deleteJob = await waitForJob(serverUrl, key, del.id, async () => {
    for (let i = 0; i < 5; i++) readLatency.push(await timed(`${base}/contacts?limit=50`, key));
  });
  const deleteSeconds = (performance.now() - started) / 1000;
  if (deleteJob.status !== 'succeeded') throw new Error('delete all failed');
  report(`delete all ${CONTACTS}`, deleteSeconds, 's', `≤ ${BARS.deleteSeconds} s (1M)`, deleteSeconds <= BARS.deleteSeconds);
  report('list p99 during delete all', percentile(readLatency, 99), 'ms', '≤ 100 ms', percentile(readLatency, 99) <= 100);

  const out = resolve(dirname(fileURLToPath(import.meta.url)), `../../../bench/results/${onPostgres ? 'server-postgres' : 'server'}.json`);
  mkdirSync(dirname(out), { recursive: true });
  // Other work on the machine skews every figure: the load average says how much there was.
  const machine = { cpus: cpus().length, loadAverageAtEnd: loadavg().map(round) };
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), backend: onPostgres ? 'postgresql' : 'sqlite', contacts: CONTACTS, importRows: IMPORT_ROWS, machine, results }, null, 2)}\n`);
  console.log(`wrote ${out.slice(out.indexOf('bench/results'))}`);
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await sqlite?.close();
  await postgres?.close();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
