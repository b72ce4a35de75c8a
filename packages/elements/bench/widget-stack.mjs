// What the widget benchmarks measure against: the reference server on a fresh SQLite file
// with seeded contacts, an admin session, and a page that loads <contacts-manager> by script
// tag from the CDN build (served from `cdnDir`).
import { createServer } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { extname, join, resolve } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { startServer, seedContacts } from '@contacts-manager/server';

const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.html': 'text/html',
};

/**
 * @param {{ name: string; contacts: number; listHeight: number; cdnDir: string }} options
 * @returns {Promise<{ siteUrl: string; seedSeconds: number; close(): Promise<void> }>}
 */
export async function startWidgetStack({ name, contacts, listHeight, cdnDir }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'cm-widget-bench-'));
  const api = await startServer({
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dataDir, 'contacts.db'),
    rateLimit: false,
  });
  const { account, secretKey } = api.sqlite.accounts.createAccount({ name, defaultCountry: 'US' });
  const seedStart = performance.now();
  seedContacts(api.sqlite.db, account.id, contacts);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const call = async (method, path, body) => {
    const response = await fetch(`${api.url}/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const admin = await call('POST', '/users', { name: `${name} admin`, role: 'admin' });
  const { token } = await call('POST', '/sessions', { userId: admin.id, ttlSeconds: 3600 });

  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${name}</title>
<style>body { margin: 0; padding: 16px; font-family: system-ui; } contacts-manager { height: ${listHeight}px; }</style></head>
<body>
<contacts-manager base-url="${api.url}" token="${token}" no-cache></contacts-manager>
<script type="module" src="/contacts-manager.js"></script>
</body>
</html>`;
  const site = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = resolve(cdnDir, `.${decodeURIComponent(path)}`);
    if (!file.startsWith(cdnDir) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(await readFile(file));
  });
  await new Promise((done) => site.listen(0, '127.0.0.1', done));

  return {
    siteUrl: `http://127.0.0.1:${site.address().port}/`,
    seedSeconds,
    async close() {
      await new Promise((done) => site.close(done));
      // The server's close awaits a worker thread that does not hold the event loop open: keep
      // it open until the close is done, or Node exits mid-close (code 13).
      const keepAlive = setInterval(() => undefined, 1000);
      await api.close().finally(() => clearInterval(keepAlive));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
