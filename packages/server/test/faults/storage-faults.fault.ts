// `pnpm test:faults`: the storage failing under a running server. A full disk, a read-only
// file system and a lock held by another process must give 503 storage_unavailable with
// Retry-After on writes, reads must go on, nothing may crash the process (no unhandled
// rejection), and everything must work again once the fault is cleared, with the database
// intact. Real faults where this machine allows them (a small tmpfs, remounted read-only),
// injected ones otherwise (SQLite's max_page_count and query_only on the server's connection).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/start-server.js';

const root = mkdtempSync(join(tmpdir(), 'contacts-faults-'));
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

/** A size-limited file system of our own, when the machine lets us mount one. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}
const remount = (dir: string, mode: 'ro' | 'rw'): boolean => spawnSync('mount', ['-o', `remount,${mode}`, dir]).status === 0;
const unmount = (dir: string): void => {
  spawnSync('umount', [dir]);
};

let server: RunningServer;
let secretKey: string;
let phoneNumber = 100;
const nextPhone = (): string => `+1415555${String(phoneNumber++).padStart(4, '0')}`;

async function request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, retryAfter: response.headers.get('Retry-After') };
}

let running = false;
/** Closes the server once (a failed check may leave it open; closing twice would wait forever). */
async function stop(): Promise<void> {
  if (!running) return;
  running = false;
  await server.close();
}

async function start(dbPath: string): Promise<void> {
  server = await startServer({ dbPath, port: 0, rateLimit: false });
  running = true;
  secretKey = (await server.sqlite.accounts.createAccount({ name: 'Faults', defaultCountry: 'US' })).secretKey;
}

/** Writes refused with 503 and Retry-After, reads answered, the process alive. */
async function expectDegraded(): Promise<void> {
  const write = await request('POST', '/v1/contacts', { fullName: 'During the fault', phone: nextPhone() });
  expect(write.status).toBe(503);
  expect(write.body.code).toBe('storage_unavailable');
  expect(Number(write.retryAfter)).toBeGreaterThanOrEqual(1);
  const read = await request('GET', '/v1/contacts?limit=5');
  expect(read.status).toBe(200);
  expect((await fetch(`${server.url}/healthz`)).status).toBeLessThan(600);
}

/** Writes work again, the register is what it was, and SQLite finds the file sound. */
async function expectRecovered(dbPath: string, optedOutBefore: number): Promise<void> {
  const write = await request('POST', '/v1/contacts', { fullName: 'After the fault', phone: nextPhone() });
  expect(write.status).toBe(201);
  const optedOut = await request('GET', '/v1/contacts?optedOut=true&limit=1');
  expect(optedOut.body.total).toBe(optedOutBefore);
  await stop();
  const db = new Database(dbPath, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  expect(unhandled).toEqual([]);
}

async function seed(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const created = await request('POST', '/v1/contacts', { fullName: `Seed ${i}`, phone: nextPhone() });
    expect(created.status).toBe(201);
    if (i % 5 === 0) await request('POST', `/v1/contacts/${String(created.body.id)}/opt-out`);
  }
  return 4;
}

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  unhandled.length = 0;
});

describe('storage faults', () => {
  it('a full disk: 503 on writes, reads go on, recovery once space is back', async () => {
    const disk = join(root, 'small-disk');
    const mounted = mountTmpfs(disk, '4m');
    console.log(`full disk: ${mounted ? 'a 4 MB tmpfs, filled' : 'injected (max_page_count)'}`);
    const dbPath = join(mounted ? disk : root, 'full.db');
    try {
      await start(dbPath);
      const optedOut = await seed();
      const filler = join(disk, 'filler');
      if (mounted) {
        // Take what is left of the small disk, so the next write has nowhere to go.
        spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
        // Writes that fit in pages already allocated may still succeed: grow until one fails.
        for (let i = 0; i < 200; i++) {
          const answer = await request('POST', '/v1/contacts', { fullName: `Filler ${'x'.repeat(180)} ${i}`, phone: nextPhone() });
          if (answer.status === 503) break;
          expect(answer.status).toBe(201);
        }
      } else {
        const { db } = server.sqlite;
        db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
        for (let i = 0; i < 200; i++) {
          const answer = await request('POST', '/v1/contacts', { fullName: `Filler ${'x'.repeat(180)} ${i}`, phone: nextPhone() });
          if (answer.status === 503) break;
        }
      }
      await expectDegraded();
      if (mounted) rmSync(filler, { force: true });
      else server.sqlite.db.pragma('max_page_count = 4294967294');
      await expectRecovered(dbPath, optedOut);
    } finally {
      // A failed check may leave the server open on the disk: close it, or the unmount is refused.
      await stop();
      if (mounted) unmount(disk);
    }
  }, 120_000);

  it('a read-only file system: 503 on writes, reads go on, recovery once writable', async () => {
    const disk = join(root, 'ro-disk');
    const mounted = mountTmpfs(disk, '64m');
    const dbPath = join(mounted ? disk : root, 'readonly.db');
    try {
      await start(dbPath);
      const optedOut = await seed();
      const readOnly = mounted && remount(disk, 'ro');
      console.log(`read-only: ${readOnly ? 'the tmpfs remounted read-only' : 'injected (query_only)'}`);
      if (!readOnly) server.sqlite.db.pragma('query_only = ON');
      await expectDegraded();
      // A job started while the storage is read-only must fail cleanly, not take the process down.
      const deleteAll = await fetch(`${server.url}/v1/contacts?all=true`, { method: 'DELETE', headers: { Authorization: `Bearer ${secretKey}`, Confirm: 'delete-all-contacts' } });
      expect([202, 503]).toContain(deleteAll.status);
      if (readOnly) remount(disk, 'rw');
      else server.sqlite.db.pragma('query_only = OFF');
      await server.services.jobs.idle();
      const write = await request('POST', '/v1/contacts', { fullName: 'Writable again', phone: nextPhone() });
      expect(write.status).toBe(201);
      await stop();
      const db = new Database(dbPath, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const register = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM opt_outs').get()!.n;
      db.close();
      expect(register).toBe(optedOut);
      expect(unhandled).toEqual([]);
    } finally {
      // A failed check may leave the server open on the disk: close it, or the unmount is refused.
      await stop();
      if (mounted) unmount(disk);
    }
  }, 120_000);

  it('a lock held by another process: 503 on writes after the busy timeout, reads go on, recovery once released', async () => {
    const dbPath = join(root, 'locked.db');
    await start(dbPath);
    const optedOut = await seed();
    // Another process takes the write lock and keeps it until told to let go.
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const holder: ChildProcess = spawn(
      process.execPath,
      ['-e', `const db = require(${JSON.stringify(betterSqlite)})(${JSON.stringify(dbPath)}); db.exec('BEGIN EXCLUSIVE'); db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('lock', 'held')").run(); console.log('locked'); process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); }); process.stdin.resume();`],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
      expect(line.toString()).toContain('locked');
      await expectDegraded();
    } finally {
      holder.stdin!.end();
      await once(holder, 'exit');
    }
    await expectRecovered(dbPath, optedOut);
  }, 120_000);
});
