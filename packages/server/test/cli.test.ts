import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
// tsx is resolved from this package, whatever folder the test runner starts in.
const NODE_ARGS = ['--conditions=@contacts-manager/source', '--import', import.meta.resolve('tsx'), CLI];
const dir = mkdtempSync(join(tmpdir(), 'contacts-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [...NODE_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CONTACTS_SECRET_KEY: '' } });

describe('contacts-server', () => {
  it('create-account prints the new account and its key as JSON', () => {
    const result = run('create-account', '--db', join(dir, 'a.db'), '--name', 'Acme', '--default-country', 'gb');
    expect(result.status).toBe(0);
    const created = JSON.parse(result.stdout) as { accountId: string; secretKey: string };
    expect(created.accountId).toMatch(/^ac_/);
    expect(created.secretKey).toMatch(/^sk_/);
  });

  it('refuses bad flags with a sentence and a non-zero exit', () => {
    for (const args of [['--port', 'eighty'], ['--bogus'], ['create-account', '--db', join(dir, 'b.db')], ['frobnicate']]) {
      const result = run(...args);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/^contacts-server: /);
    }
  });

  it('starts on a free port with a demo account whose key survives a restart', async () => {
    const start = async (): Promise<{ url: string; key: string }> => {
      const child = spawn(process.execPath, [...NODE_ARGS, '--port', '0', '--db', join(dir, 'demo.db'), '--seed-demo', '20'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, CONTACTS_SECRET_KEY: '' },
      });
      let output = '';
      child.stdout.setEncoding('utf8');
      while (!/agent user:.*\n/.test(output)) output += ((await once(child.stdout, 'data')) as [string])[0];
      const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
      const key = /demo secret key:\s+(sk_\w+)/.exec(output)![1]!;
      const me = await fetch(`${url}/v1/contacts?limit=1`, { headers: { Authorization: `Bearer ${key}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { total: number }).total).toBe(20);
      child.kill('SIGTERM');
      await once(child, 'exit');
      return { url, key };
    };
    const first = await start();
    const second = await start();
    expect(second.key).toBe(first.key);
  });
});
