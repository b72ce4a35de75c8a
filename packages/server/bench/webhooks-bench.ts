// pnpm bench:webhooks: the webhook bars (quality.md) on this machine. The server runs as its
// own process (contacts-server with --allow-private-webhook-targets) and the receivers in this
// one, over real HTTP on 127.0.0.1. Writes bench/results/webhooks.json at the repository root;
// `pnpm bench:webhooks -- --database-url postgres://…|throwaway` measures the PostgreSQL backend
// (deliveries leased from the database) into bench/results/webhooks-postgres.json.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { startThrowawayCluster, type ThrowawayCluster } from '../test/postgres/throwaway-cluster.js';
import { startTestReceiver, type TestReceiver } from '../test/webhook-test-receiver.js';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const LATENCY_SAMPLES = 300;
const API_SAMPLES = 800;
const API_ROUNDS = 5;
const RETRY_SCHEDULE = '1,2,4,8,16,32,64';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const round = (value: number): number => Math.round(value * 100) / 100;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const results: Record<string, { value: number; unit: string; bar: string; pass: boolean }> = {};
function report(name: string, value: number, unit: string, bar: string, pass: boolean): void {
  results[name] = { value: round(value), unit, bar, pass };
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name.padEnd(44)} ${String(round(value)).padStart(10)} ${unit.padEnd(6)} (bar: ${bar})`);
}

// pnpm passes the `--` through: drop it, or parseArgs would read no option after it.
const { values: args } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { 'database-url': { type: 'string' } } });
let cluster: ThrowawayCluster | null = null;
let databaseUrl = args['database-url'];
if (databaseUrl === 'throwaway') {
  cluster = await startThrowawayCluster();
  databaseUrl = `${cluster.baseUrl}postgres`;
}
const dir = mkdtempSync(join(tmpdir(), 'contacts-webhooks-bench-'));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const nodeArgs = ['--conditions=@contacts-manager/source', '--import', 'tsx', cli];
const runCli = async (cliArgs: string[]): Promise<string> => (await promisify(execFile)(process.execPath, [...nodeArgs, ...cliArgs])).stdout;
// On PostgreSQL the account comes from create-account (no demo account there); on SQLite the
// server creates the demo account and prints its key.
const postgresAccount = databaseUrl
  ? (JSON.parse(await runCli(['create-account', '--name', 'Webhooks bench', '--database-url', databaseUrl])) as { secretKey: string })
  : null;
const server = spawn(
  process.execPath,
  [...nodeArgs, '--port', '0', ...(databaseUrl ? ['--database-url', databaseUrl] : ['--db', join(dir, 'bench.db')]), '--rate-limit', '0', '--allow-private-webhook-targets', '--webhook-retry-schedule', RETRY_SCHEDULE],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CONTACTS_SECRET_KEY: '' } },
);
const receivers: TestReceiver[] = [];
try {
  let output = '';
  server.stdout.setEncoding('utf8');
  const ready = postgresAccount ? /listening on .*\n/ : /agent user:.*\n/;
  while (!ready.test(output)) output += ((await once(server.stdout, 'data')) as [string])[0];
  const base = `${/listening on (http:\/\/\S+)/.exec(output)![1]!}/v1`;
  const key = postgresAccount?.secretKey ?? /demo secret key:\s+(sk_\w+)/.exec(output)![1]!;
  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  let phones = 0;
  const createContact = () => api<{ id: string }>('POST', '/contacts', { fullName: `Bench ${phones}`, phone: `+1415${String(2_000_000 + phones++).padStart(7, '0')}` });
  const receiver = async (behaviour: TestReceiver['behaviour']) => {
    const started = await startTestReceiver(behaviour);
    receivers.push(started);
    return started;
  };
  const endpoint = async (url: string) => (await api<{ id: string }>('POST', '/webhook-endpoints', { url, events: ['contact.created'] })).body.id;

  // 1. Latency from the change to the receiver, with a healthy receiver.
  const healthy = await receiver('ok');
  const healthyId = await endpoint(healthy.url);
  const latencies: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index++) {
    const started = Date.now();
    const { body } = await createContact();
    await healthy.waitFor((accepted) => accepted.some((request) => request.body.includes(body.id)));
    latencies.push(healthy.accepted.find((request) => request.body.includes(body.id))!.receivedAt - started);
  }
  await api('DELETE', `/webhook-endpoints/${healthyId}`);
  report('event to receiver p50', percentile(latencies, 50), 'ms', '-', true);
  report('event to receiver p95', percentile(latencies, 95), 'ms', '≤ 1000 ms', percentile(latencies, 95) <= 1000);

  // 2. EVENTS events while the receiver is down, then back.
  const flaky = await receiver('fail');
  const flakyId = await endpoint(flaky.url);
  let started = performance.now();
  for (let sent = 0; sent < EVENTS; ) {
    const batch = Math.min(16, EVENTS - sent);
    await Promise.all(Array.from({ length: batch }, createContact));
    sent += batch;
  }
  const createSeconds = (performance.now() - started) / 1000;
  await sleep(3000);
  const failedWhileDown = flaky.received.length;
  flaky.behaviour = 'ok';
  started = performance.now();
  const uniqueIds = () => new Set(flaky.accepted.map((request) => request.headers['webhook-id'])).size;
  const deadline = Date.now() + 10 * 60_000;
  while (uniqueIds() < EVENTS && Date.now() < deadline) await sleep(200);
  const recoverySeconds = (performance.now() - started) / 1000;
  // The delivery log: one row per event, each succeeded.
  const logged: Array<{ eventId: string; status: string }> = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data: Array<{ eventId: string; status: string }>; nextCursor: string | null } } = await api('GET', `/webhook-endpoints/${flakyId}/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    logged.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  const loggedEvents = new Set(logged.map((delivery) => delivery.eventId));
  const succeeded = logged.filter((delivery) => delivery.status === 'succeeded').length;
  const duplicatesReceived = flaky.accepted.length - uniqueIds();
  console.log(`  ${EVENTS} contacts created in ${round(createSeconds)} s; ${failedWhileDown} failed attempts while down`);
  report(`events delivered after the outage (of ${EVENTS})`, uniqueIds(), 'events', `${EVENTS}`, uniqueIds() === EVENTS);
  report('delivery log rows', logged.length, 'rows', `${EVENTS}, one per event`, logged.length === EVENTS && loggedEvents.size === EVENTS);
  report('delivery log rows succeeded', succeeded, 'rows', `${EVENTS}`, succeeded === EVENTS);
  report('events received twice', duplicatesReceived, 'events', '0 expected (at least once allows more)', duplicatesReceived === 0);
  report('backlog drained after the receiver came back', recoverySeconds, 's', '-', true);
  await api('DELETE', `/webhook-endpoints/${flakyId}`);

  // 3. The API's p99 (creates, which record events, and list reads), with a healthy receiver
  // and with one that hangs on every delivery; rounds alternate so machine noise hits both.
  const measureApi = async (): Promise<number> => {
    const samples: number[] = [];
    for (let index = 0; index < API_SAMPLES; index++) {
      const at = performance.now();
      if (index % 2 === 0) await createContact();
      else await api('GET', '/contacts?limit=50');
      samples.push(performance.now() - at);
    }
    return percentile(samples, 99);
  };
  const median = (values: number[]) => percentile(values, 50);
  const quietRounds: number[] = [];
  const healthyRounds: number[] = [];
  const hangingRounds: number[] = [];
  const steady = await receiver('ok');
  const hanging = await receiver('hang');
  const steadyId = await endpoint(steady.url);
  const hangingId = await endpoint(hanging.url);
  const enable = async (id: string, enabled: boolean) => api('PATCH', `/webhook-endpoints/${id}`, { status: enabled ? 'enabled' : 'disabled' });
  for (let round = 0; round < API_ROUNDS; round++) {
    await enable(steadyId, false);
    await enable(hangingId, false);
    quietRounds.push(await measureApi());
    await enable(steadyId, true);
    healthyRounds.push(await measureApi());
    await enable(steadyId, false);
    await enable(hangingId, true);
    hangingRounds.push(await measureApi());
  }
  const healthyP99 = median(healthyRounds);
  const hangingP99 = median(hangingRounds);
  report('API p99, no webhook endpoint', median(quietRounds), 'ms', '-', true);
  report('API p99, a healthy receiver', healthyP99, 'ms', '-', true);
  report('API p99 while a receiver hangs', hangingP99, 'ms', 'unchanged from healthy (≤ 1.25×, or ≤ +5 ms)', hangingP99 <= Math.max(healthyP99 * 1.25, healthyP99 + 5));
  console.log(`  p99 per round (ms): none ${quietRounds.map(round).join(', ')}; healthy ${healthyRounds.map(round).join(', ')}; hanging ${hangingRounds.map(round).join(', ')}`);
  console.log(`  the hanging receiver held ${hanging.maxConcurrent} requests open at most`);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  for (const receiver of receivers) await receiver.close();
  rmSync(dir, { recursive: true, force: true });
  cluster?.stop();
}

const out = resolve(dirname(fileURLToPath(import.meta.url)), `../../../bench/results/${databaseUrl ? 'webhooks-postgres' : 'webhooks'}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), backend: databaseUrl ? 'postgresql' : 'sqlite', machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, events: EVENTS, retrySchedule: RETRY_SCHEDULE, results }, null, 2)}\n`);
console.log(`wrote ${out}`);
