// pnpm bench:import — CSV file → SDK → HTTP chunks → server commit, end to end, against the
// reference server in its own process on 127.0.0.1. Bars (quality.md): 100k rows ≤ 2 s,
// 1M rows ≤ 20 s. Chunks gzip-encoded, 4 in flight (BENCH_CONCURRENCY, BENCH_COMPRESS=0 to
// compare). Writes bench/results/import.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createContactsClient } from '@contacts-manager/core';
import { csvFile, runImport } from '@contacts-manager/core/csv/node';
import { writeBenchCsv } from './generate-csv.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const BARS_MS: Record<number, number> = { 100_000: 2_000, 1_000_000: 20_000 };
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const COMPRESS = process.env.BENCH_COMPRESS !== '0';
/** A folder: the server process writes a CPU profile there (run this script with --cpu-prof too). */
const SERVER_PROFILE_DIR = process.env.BENCH_SERVER_CPU_PROF;

async function startServerProcess(
  dir: string,
): Promise<{ url: string; secretKey: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      ...(SERVER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${SERVER_PROFILE_DIR}`] : []),
      '--conditions=@contacts-manager/source',
      '--import',
      import.meta.resolve('tsx'),
      join(here, 'import-bench-server.ts'),
      dir,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{'))
      return { ...(JSON.parse(line) as { url: string; secretKey: string }), child };
  }
  throw new Error('The server process ended before it started.');
}

/**
 * CPU time (user + system) a process has used so far, from /proc (Linux; null elsewhere). CPU
 * time barely moves when other work shares the cores, so it shows each side's cost even when
 * the wall time does not.
 */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

type Phase = 'validate' | 'upload' | 'commit';
const PHASES: Phase[] = ['validate', 'upload', 'commit'];

interface SizeResult {
  rows: number;
  ms: number;
  validateMs: number;
  uploadMs: number;
  commitMs: number;
  rowsPerSecond: number;
  barMs: number | null;
  pass: boolean | null;
  created: number;
  /** CPU time per phase of this process (file, SDK, HTTP client) and of the server process (null without /proc). */
  cpuMs: Record<Phase, { client: number; server: number | null }>;
}

interface Mark {
  at: number;
  clientCpuMs: number;
  serverCpuMs: number | null;
}

const results: SizeResult[] = [];
const loadBefore = loadavg();
for (const rows of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-import-'));
  const server = await startServerProcess(dir);
  try {
    const path = join(dir, 'contacts.csv');
    await writeBenchCsv(path, rows, { clean: true });
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const mark = (): Mark => {
      const cpu = process.cpuUsage();
      return {
        at: performance.now(),
        clientCpuMs: (cpu.user + cpu.system) / 1000,
        serverCpuMs: processCpuMs(server.child.pid),
      };
    };
    // Where each phase starts: validating at the start, then uploading, committing, done.
    const marks: Partial<Record<string, Mark>> = { validating: mark() };
    const result = await runImport(client, csvFile(path), {
      defaultCountry: 'US',
      resume: false,
      concurrency: CONCURRENCY,
      compress: COMPRESS,
      onProgress: (progress) => {
        marks[progress.phase] ??= mark();
      },
    });
    const end = mark();
    const start = marks['validating']!;
    const bounds: Record<Phase, [Mark, Mark]> = {
      validate: [start, marks['uploading'] ?? end],
      upload: [marks['uploading'] ?? end, marks['committing'] ?? end],
      commit: [marks['committing'] ?? end, end],
    };
    const ms = end.at - start.at;
    const span = (phase: Phase): number => bounds[phase][1].at - bounds[phase][0].at;
    const cpuMs = Object.fromEntries(
      PHASES.map((phase) => {
        const [from, to] = bounds[phase];
        return [
          phase,
          {
            client: Math.round(to.clientCpuMs - from.clientCpuMs),
            server:
              from.serverCpuMs === null || to.serverCpuMs === null
                ? null
                : to.serverCpuMs - from.serverCpuMs,
          },
        ];
      }),
    ) as SizeResult['cpuMs'];
    const barMs = BARS_MS[rows] ?? null;
    results.push({
      rows,
      ms: Math.round(ms),
      validateMs: Math.round(span('validate')),
      uploadMs: Math.round(span('upload')),
      commitMs: Math.round(span('commit')),
      rowsPerSecond: Math.round((rows / ms) * 1000),
      barMs,
      pass: barMs === null ? null : ms <= barMs,
      created: result.counts.created,
      cpuMs,
    });
    if (result.counts.created !== rows)
      throw new Error(
        `Expected ${rows} contacts created, the server says ${result.counts.created}.`,
      );
  } finally {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `import end to end (CSV file → SDK → HTTP chunks of 1000${COMPRESS ? ', gzip' : ''}, ${CONCURRENCY} in flight → server commit), server in its own process`,
);
for (const result of results) {
  const bar =
    result.barMs === null
      ? ''
      : `bar ≤ ${(result.barMs / 1000).toFixed(0)} s   ${result.pass ? 'PASS' : 'FAIL'}`;
  console.log(
    `${result.rows.toLocaleString('en-US').padStart(9)} rows  ${(result.ms / 1000).toFixed(2).padStart(6)} s  (validate ${(result.validateMs / 1000).toFixed(2)} s, upload ${(result.uploadMs / 1000).toFixed(2)} s, commit ${(result.commitMs / 1000).toFixed(2)} s)  ${result.rowsPerSecond.toLocaleString('en-US')} rows/s   ${bar}`,
  );
  const seconds = (value: number | null): string =>
    value === null ? '?' : (value / 1000).toFixed(2);
  console.log(
    `${''.padStart(17)}CPU client/server: ${PHASES.map((phase) => `${phase} ${seconds(result.cpuMs[phase].client)}/${seconds(result.cpuMs[phase].server)} s`).join(', ')}`,
  );
}
// Every benchmark writes beside the others, under the repository's bench/results/.
const resultsDir = join(here, '..', '..', '..', 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'import.json'),
  `${JSON.stringify({ benchmark: 'import', date: new Date().toISOString(), node: process.version, loadavg: { before: loadBefore, after: loadavg() }, concurrency: CONCURRENCY, gzip: COMPRESS, results }, null, 2)}\n`,
);
if (results.some((result) => result.pass === false)) process.exitCode = 1;
