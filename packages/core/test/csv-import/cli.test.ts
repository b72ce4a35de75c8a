import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContactsClient } from '../../src/client/index.js';
import { EXIT, runCli } from '../../src/cli/run-cli.js';
import {
  generateContactsCsv,
  startFaultProxy,
  startTestServer,
  type FaultProxy,
  type TestServer,
} from './test-server.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

function capture(): { text: () => string; write: (chunk: string | Uint8Array) => boolean } {
  let text = '';
  return {
    text: () => text,
    write: (chunk) => (
      (text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')),
      true
    ),
  };
}

async function cli(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The real bin, as a child process (source run through tsx). */
function spawnCli(
  argv: string[],
  env: Record<string, string>,
): ChildProcess & { output: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--conditions=@contacts-manager/source', '--import', tsxLoader, 'src/cli/main.ts', ...argv],
    {
      cwd: packageRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { output: () => output, exited });
}

describe('the contacts-manager CLI', () => {
  let server: TestServer;
  let proxy: FaultProxy | null = null;
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await startTestServer();
    env = { CONTACTS_BASE_URL: server.url, CONTACTS_SECRET_KEY: server.secretKey };
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
    await server.close();
  });

  it('answers --help, and exits 1 on usage errors', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(
      /--skip-first-line[\s\S]*--only-valid[\s\S]*--dry-run[\s\S]*Exit codes/,
    );
    expect((await cli(['import', 'x.csv', '--bogus'])).code).toBe(EXIT.usage);
    expect((await cli(['import'])).code).toBe(EXIT.usage);
    expect((await cli(['import', join(server.dir, 'missing.csv')], env)).stderr).toMatch(
      /no such file/,
    );
    const path = join(server.dir, 'ok.csv');
    writeFileSync(path, generateContactsCsv(3).csv);
    const noToken = await cli(['import', path]);
    expect(noToken.code).toBe(EXIT.usage);
    expect(noToken.stderr).toMatch(/CONTACTS_TOKEN/);
  });

  it('prints the report with line, column, value and message, and exits 2 without importing', async () => {
    const path = join(server.dir, 'bad.csv');
    writeFileSync(path, generateContactsCsv(300, { badEvery: 100 }).csv);
    const dryRun = await cli(['import', path, '--dry-run'], env);
    expect(dryRun.code).toBe(EXIT.validation);
    expect(dryRun.stdout).toContain('bad.csv: 300 rows, 297 valid, 3 with errors');
    expect(dryRun.stdout).toMatch(
      /error\s+line 101\s+Phone\s+"12-34": "12-34" is not a valid phone number/,
    );
    const run = await cli(['import', path], env);
    expect(run.code).toBe(EXIT.validation);
    expect(run.stderr).toMatch(/Nothing was imported/);
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    expect((await client.contacts.list({ limit: 1 })).total).toBe(0);
  });

  it('imports into a list by name, lists and exports', async () => {
    const path = join(server.dir, 'good.csv');
    writeFileSync(path, generateContactsCsv(1_200, { badEvery: 400 }).csv);
    const run = await cli(
      ['import', path, '--list', 'Customers', '--create-list', '--only-valid'],
      env,
    );
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(
      /Imported 1,197 rows into list "Customers": 1,197 created, 0 updated/,
    );
    expect(run.stdout).toMatch(/3 invalid rows left out/);
    const listed = await cli(['list', '--search', 'Person 12', '--list', 'customers'], env);
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.stdout).toMatch(/^Person 12\s+\+1415\d{7}\s+person12@example\.com/m);
    const exported = await cli(['export', '--list', 'Customers'], env);
    expect(exported.stdout.split(/\r?\n/)[0]).toBe('Full Name,Phone,Email,Lists,Opted Out');
    expect(exported.stdout.trim().split(/\r?\n/)).toHaveLength(1 + 1_197);
    const unreachable = await cli(['list'], {
      CONTACTS_BASE_URL: 'http://127.0.0.1:9',
      CONTACTS_TOKEN: 'sk_x',
    });
    expect(unreachable.code).toBe(EXIT.api);
  });

  it('a killed import is resumed by the same command, and every row is imported once', async () => {
    // Chunks slowed down a little so the process is surely killed mid-upload.
    proxy = await startFaultProxy(server.url, () => 'pass', { chunkDelayMs: 10 });
    const viaProxy = { CONTACTS_BASE_URL: proxy.url, CONTACTS_SECRET_KEY: server.secretKey };
    const path = join(server.dir, 'big.csv');
    const { csv, validPhones } = generateContactsCsv(6_000);
    writeFileSync(path, csv);
    const statePath = `${path}.import-state.json`;
    const args = ['import', path, '--chunk-size', '50', '--concurrency', '1'];
    const first = spawnCli(args, viaProxy);
    const started = Date.now();
    let acknowledged = 0;
    while (Date.now() - started < 15_000) {
      if (existsSync(statePath)) {
        try {
          acknowledged = (
            JSON.parse(readFileSync(statePath, 'utf8')) as { acknowledgedChunks: number[] }
          ).acknowledgedChunks.length;
        } catch {
          acknowledged = 0;
        }
        if (acknowledged >= 10) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill('SIGKILL');
    await first.exited;
    expect(acknowledged).toBeGreaterThanOrEqual(10);
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    expect((await client.contacts.list({ limit: 1 })).total).toBe(0);

    const second = spawnCli(args, viaProxy);
    expect(await second.exited).toBe(EXIT.ok);
    const resumed = /Resumed import \w+: (\d+) of 120 chunks were already uploaded/.exec(
      second.output(),
    );
    expect(Number(resumed?.[1])).toBeGreaterThanOrEqual(acknowledged);
    expect(second.output()).toMatch(/Imported 6,000 rows: 6,000 created/);
    const phones: string[] = [];
    for await (const contact of client.contacts.iterate({ limit: 200 })) phones.push(contact.phone);
    expect(phones.sort()).toEqual([...validPhones].sort());
    expect(existsSync(statePath)).toBe(false);
  }, 60_000);
});
