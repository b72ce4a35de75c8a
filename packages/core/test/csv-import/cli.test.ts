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

  it('imports a vCard file and an Excel workbook with the same report and exit codes', async () => {
    const vcf = join(server.dir, 'contacts.vcf');
    writeFileSync(
      vcf,
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:Vera Card',
        'TEL;TYPE=WORK:+1 415 555 0190',
        'TEL;TYPE=CELL:+1 415 555 0191',
        'EMAIL:vera@example.com',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:2.1',
        'N:Second;Sam',
        'TEL;CELL:415 555 0192',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:No Phone',
        'TEL:12',
        'END:VCARD',
      ].join('\r\n'),
    );
    const refused = await cli(['import', vcf], env);
    expect(refused.code).toBe(EXIT.validation);
    expect(refused.stdout).toMatch(/contacts\.vcf: 3 rows, 2 valid, 1 with errors \(vCard, utf-8/);
    expect(refused.stdout).toMatch(/error\s+card 3\s+Other Phone\s+"12"/);
    const imported = await cli(['import', vcf, '--only-valid'], env);
    expect(imported.code).toBe(EXIT.ok);
    const XLSX = await import('@e965/xlsx');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['Name', 'Mobile', 'Email'],
        ['Wanda Workbook', 4155550193, 'wanda@example.com'],
        ['Sam Second', '(415) 555-0192', ''],
      ]),
      'Sheet1',
    );
    const xlsx = join(server.dir, 'book.xlsx');
    writeFileSync(xlsx, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const fromBook = await cli(['import', xlsx], env);
    expect(fromBook.code).toBe(EXIT.ok);
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const all = (await client.contacts.list({ limit: 10 })).data.map((c) => [
      c.fullName,
      c.phone,
      c.email,
    ]);
    expect(all).toEqual([
      ['Sam Second', '+14155550192', null],
      ['Vera Card', '+14155550191', 'vera@example.com'],
      ['Wanda Workbook', '+14155550193', 'wanda@example.com'],
    ]);
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
