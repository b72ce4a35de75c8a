#!/usr/bin/env node
// `pnpm start`: the reference API server with a demo account, and the example host page.
//
//   PORT=5173 API_PORT=8787 node scripts/start.mjs
//
// Runs after `pnpm build` (it needs packages/server/dist and packages/elements/dist/cdn).
// The host page is served by Vite's dev server, which also proxies /v1 to the API so the
// pages call one origin (a strict `default-src 'self'` CSP then needs no exception), mints
// session tokens at POST /api/contacts-session, and serves the no-build script-tag example.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scriptTagExample } from '../examples/script-tag/serve-script-tag.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const host = '127.0.0.1';
const seedCount = Number(process.env.SEED_DEMO ?? 500);
const dataDir = resolve(process.env.CONTACTS_DATA_DIR ?? join(root, '.data'));
const dbPath = join(dataDir, 'contacts.db');

function fail(message) {
  console.error(`\n  ✖ ${message}\n`);
  process.exit(1);
}

function readPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`${name}=${raw} is not a port number (1-65535).`);
  return port;
}

/** Resolves when the port can be bound on 127.0.0.1, so a busy port is reported before anything starts. */
function checkPortFree(port, envName) {
  return new Promise((resolvePort) => {
    const probe = createNetServer();
    probe.once('error', (error) => {
      if (error.code === 'EADDRINUSE') {
        fail(
          `Port ${port} is already in use on ${host}. Stop what is using it, or choose another port: ${envName}=<port> pnpm start`,
        );
      }
      fail(`Cannot listen on ${host}:${port} (${error.code ?? error.message}).`);
    });
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/** The demo account's secret key, kept beside the database so restarts keep a known key. */
function demoSecretKey() {
  if (process.env.CONTACTS_SECRET_KEY) return process.env.CONTACTS_SECRET_KEY;
  const keyFile = join(dataDir, 'demo-secret-key');
  if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8').trim();
  const key = `sk_demo_${randomBytes(24).toString('hex')}`;
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return key;
}

async function waitForHealth(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      fail(
        `The API server exited (code ${child.exitCode}) before it was ready; see its output above.`,
      );
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 150));
  }
  fail(`The API server did not answer ${url}/healthz within ${timeoutMs / 1000} s.`);
}

async function startApi(apiPort, secretKey) {
  const cli = join(root, 'packages/server/dist/cli.js');
  if (!existsSync(cli))
    fail(
      'packages/server/dist/cli.js is missing: run `pnpm build` first (or use `pnpm start`, which builds).',
    );
  const firstRun = !existsSync(dbPath);
  const args = [cli, '--port', String(apiPort), '--host', host, '--db', dbPath];
  // Demo contacts on the first run only: a user who deleted them all keeps an empty account.
  const seeded = firstRun && seedCount > 0 ? seedCount : 0;
  if (seeded) args.push('--seed-demo', String(seeded));
  const child = spawn(process.execPath, args, {
    cwd: root,
    // The demo account's key, under both names the server has used for it.
    env: { ...process.env, CONTACTS_SECRET_KEY: secretKey, CONTACTS_DEMO_SECRET_KEY: secretKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server's own banner prints the secret key; keep it off the shared console output.
  child.stdout.on('data', (chunk) => {
    if (process.env.START_VERBOSE) process.stdout.write(chunk);
  });
  const url = `http://${host}:${apiPort}`;
  await waitForHealth(url, child);
  return { child, url, firstRun, seeded };
}

async function startHostApp(port, apiUrl, secretKey) {
  const hostAppDir = join(root, 'examples/host-app');
  // Vite is the host app's own dependency; resolve it from there rather than from the root.
  const requireFromHostApp = createRequire(join(hostAppDir, 'package.json'));
  const vite = await import(pathToFileURL(requireFromHostApp.resolve('vite')).href);
  process.env.CONTACTS_API_URL = apiUrl;
  process.env.CONTACTS_SECRET_KEY = secretKey;
  const server = await vite.createServer({
    root: hostAppDir,
    configFile: join(hostAppDir, 'vite.config.ts'),
    logLevel: process.env.START_VERBOSE ? 'info' : 'warn',
    server: { host, port, strictPort: true },
    // CONTACTS_CDN_DIR serves another build of the widget (a release to check, say).
    plugins: [
      scriptTagExample({
        cdnDir: resolve(process.env.CONTACTS_CDN_DIR ?? join(root, 'packages/elements/dist/cdn')),
      }),
    ],
  });
  await server.listen();
  return server;
}

const port = readPort('PORT', 5173);
const apiPort = readPort('API_PORT', 8787);
if (port === apiPort) fail(`PORT and API_PORT are both ${port}; they must differ.`);
await checkPortFree(apiPort, 'API_PORT');
await checkPortFree(port, 'PORT');
mkdirSync(dataDir, { recursive: true });

const secretKey = demoSecretKey();
const api = await startApi(apiPort, secretKey);
let hostApp;
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await hostApp?.close().catch(() => {});
  if (api.child.exitCode === null) api.child.kill('SIGTERM');
  process.exit(code);
}
api.child.on('exit', (code) => {
  if (!stopping) {
    console.error(`\n  ✖ The API server stopped (code ${code}).`);
    void stop(1);
  }
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  hostApp = await startHostApp(port, api.url, secretKey);
} catch (error) {
  console.error(error);
  await stop(1);
}

const pageUrl = `http://${host}:${port}/`;
console.log(`
  Contacts manager is running.

  Open the example host app:     ${pageUrl}
  Script-tag example (no build): ${pageUrl}script-tag/
  Classic <script> variant:      ${pageUrl}script-tag/classic.html
  API (reference server):        ${api.url}/v1   (OpenAPI: ${api.url}/v1/openapi.json)
  Database:                      ${dbPath}${api.firstRun ? `  (new${api.seeded ? `, ${api.seeded} demo contacts` : ''})` : ''}
  Demo secret key (server side): ${join(dataDir, 'demo-secret-key')}

  Press Ctrl-C to stop both servers.
`);
