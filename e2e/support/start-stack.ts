// Starts what `pnpm start` starts (scripts/start.mjs: the reference server with demo data and the
// example host app), on free ports with a fresh temporary database, and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningStack {
  /** The host app's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  apiUrl: string;
  /** The demo account's secret key (what a host's backend holds), for changes behind the page's back. */
  secretKey(): string;
  /** Everything the start script printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function startStack(
  options: { seedContacts?: number; timeoutMs?: number } = {},
): Promise<RunningStack> {
  const [port, apiPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'cm-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'scripts/start.mjs')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      API_PORT: String(apiPort),
      CONTACTS_DATA_DIR: dataDir,
      SEED_DEMO: String(options.seedContacts ?? 40),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!output.includes('Contacts manager is running')) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`scripts/start.mjs exited with ${child.exitCode}:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`scripts/start.mjs did not start in time:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    secretKey: () => readFileSync(join(dataDir, 'demo-secret-key'), 'utf8').trim(),
    output: () => output,
    stop,
  };
}
