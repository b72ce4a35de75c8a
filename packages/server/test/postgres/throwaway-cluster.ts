// A PostgreSQL cluster of the tests' own: initdb into a temporary folder and pg_ctl start on
// a free 127.0.0.1 port, never a system service. PostgreSQL refuses to run as root (CI runs
// as root), so as root the binaries run as the `postgres` user the Debian package creates,
// on a folder that user owns.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayCluster {
  /** postgres://postgres@127.0.0.1:PORT/ — append a database name. */
  baseUrl: string;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL is not installed: run `bash scripts/setup.sh --test` (it installs Debian\'s postgresql and postgresql-contrib).');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `settings`: more server settings (`name=value`), such as a benchmark's memory sizes. */
export async function startThrowawayCluster(options: { settings?: readonly string[] } = {}): Promise<ThrowawayCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'contacts-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]): void => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  if (asRoot) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', `-c listen_addresses=127.0.0.1`, `-p ${port}`, `-c unix_socket_directories=${dir}`, '-c max_connections=200', ...(options.settings ?? []).map((setting) => `-c ${setting}`)];
  run('pg_ctl', ['start', '-D', data, '-w', '-l', join(dir, 'log'), '-o', settings.join(' ')]);
  let stopped = false;
  return {
    baseUrl: `postgres://postgres@127.0.0.1:${port}/`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
