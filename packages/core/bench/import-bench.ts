// pnpm bench:import — CSV file → SDK → HTTP chunks → server commit, end to end, against the
// reference server in its own process on 127.0.0.1. Bars (quality.md): 100k rows ≤ 2 s,
// 1M rows ≤ 20 s. Chunks gzip-encoded, 4 in flight (BENCH_CONCURRENCY, BENCH_COMPRESS=0 to
// compare). Writes bench/results/import.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

async function startServerProcess(
  dir: string,
): Promise<{ url: string; secretKey: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
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
}

const results: SizeResult[] = [];
for (const rows of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-import-'));
  const server = await startServerProcess(dir);
  try {
    const path = join(dir, 'contacts.csv');
    await writeBenchCsv(path, rows, { clean: true });
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const phaseStarts: Record<string, number> = {};
    const started = performance.now();
    const result = await runImport(client, csvFile(path), {
      defaultCountry: 'US',
      resume: false,
      concurrency: CONCURRENCY,
      compress: COMPRESS,
      onProgress: (progress) => {
        phaseStarts[progress.phase] ??= performance.now();
      },
    });
    const ms = performance.now() - started;
    const validateMs = (phaseStarts['uploading'] ?? started) - started;
    const uploadMs = (phaseStarts['committing'] ?? started) - (phaseStarts['uploading'] ?? started);
    const commitMs =
      (phaseStarts['done'] ?? performance.now()) - (phaseStarts['committing'] ?? started);
    const barMs = BARS_MS[rows] ?? null;
    results.push({
      rows,
      ms: Math.round(ms),
      validateMs: Math.round(validateMs),
      uploadMs: Math.round(uploadMs),
      commitMs: Math.round(commitMs),
      rowsPerSecond: Math.round((rows / ms) * 1000),
      barMs,
      pass: barMs === null ? null : ms <= barMs,
      created: result.counts.created,
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
}
// Every benchmark writes beside the others, under the repository's bench/results/.
const resultsDir = join(here, '..', '..', '..', 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'import.json'),
  `${JSON.stringify({ benchmark: 'import', date: new Date().toISOString(), node: process.version, concurrency: CONCURRENCY, gzip: COMPRESS, results }, null, 2)}\n`,
);
if (results.some((result) => result.pass === false)) process.exitCode = 1;
