import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { demoKeyFileOf, ensureDemoAccount } from '../src/store/sqlite/demo-account.js';
import { openDatabase } from '../src/store/sqlite/open-database.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const NODE_ARGS = ['--conditions=@contacts-manager/source', '--import', import.meta.resolve('tsx'), CLI];
const dir = mkdtempSync(join(tmpdir(), 'contacts-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [...NODE_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CONTACTS_SECRET_KEY: '' } });
const json = <T>(result: ReturnType<typeof run>): T => {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as T;
};

async function status(dbPath: string, key: string): Promise<number> {
  const contactsApp = createApp({ database: dbPath, rateLimit: false });
  try {
    return (await contactsApp.app.request('/v1/me', { headers: { Authorization: `Bearer ${key}` } })).status;
  } finally {
    await contactsApp.close();
  }
}

describe('secret keys', () => {
  it('keeps the demo key in a file beside the database and only its hash inside', () => {
    const dbPath = join(dir, 'demo.db');
    const store = new SqliteStore(openDatabase(dbPath));
    const demo = ensureDemoAccount(store, { keyFile: demoKeyFileOf(dbPath) });
    expect(readFileSync(demoKeyFileOf(dbPath), 'utf8').trim()).toBe(demo.secretKey);
    const again = ensureDemoAccount(store, { keyFile: demoKeyFileOf(dbPath) });
    expect(again.secretKey).toBe(demo.secretKey);
    store.db.close();
    const raw = readFileSync(dbPath);
    expect(raw.includes(Buffer.from(demo.secretKey))).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    const values = db.prepare<[], { value: string }>('SELECT value FROM settings').all().map((row) => row.value);
    db.close();
    expect(values).not.toContain(demo.secretKey);
  });

  it('lists, creates and revokes keys: several live at once, a revoked one is 401 at once', async () => {
    const dbPath = join(dir, 'keys.db');
    const created = json<{ accountId: string; secretKey: string }>(run('create-account', '--db', dbPath, '--name', 'Acme'));
    const listed = json<{ keys: { id: string }[] }>(run('keys', 'list', '--db', dbPath, '--account', created.accountId));
    expect(listed.keys).toHaveLength(1);
    const second = json<{ id: string; secretKey: string }>(run('keys', 'create', '--db', dbPath, '--account', created.accountId));
    expect(second.secretKey).toMatch(/^sk_/);
    expect(json<{ keys: { id: string }[] }>(run('keys', 'list', '--db', dbPath, '--account', created.accountId)).keys.map((key) => key.id)).toContain(second.id);
    expect(await status(dbPath, created.secretKey)).toBe(200);
    expect(await status(dbPath, second.secretKey)).toBe(200);
    json(run('keys', 'revoke', '--db', dbPath, '--account', created.accountId, '--key', listed.keys[0]!.id));
    expect(await status(dbPath, created.secretKey)).toBe(401);
    expect(await status(dbPath, second.secretKey)).toBe(200);
    const unknown = run('keys', 'revoke', '--db', dbPath, '--account', created.accountId, '--key', 'key_0000000000000000');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/^contacts-server: .*no key/);
    expect(run('keys', 'rotate', '--db', dbPath, '--account', created.accountId).status).toBe(2);
    // Seven CLI processes and two servers one after another: on a loaded machine that takes
    // well over the default 30 s, without anything being wrong.
  }, 180_000);
});
