// Test support for @web/test-runner: runs the REAL reference server (in this Node process, on
// port 0, with a temporary database) and lets test pages create a fresh account each, with
// session tokens for an administrator, the Agent user and a read-only user.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, createAccount, seedContacts } from '@contacts-manager/server';

let running = null;
let dataDir = null;

/** The wtr plugin: starts the server with the test runner and stops it after. */
export function contactsServerPlugin() {
  return {
    name: 'contacts-reference-server',
    async serverStart() {
      dataDir = await mkdtemp(join(tmpdir(), 'cm-elements-test-'));
      running = await startServer({ port: 0, host: '127.0.0.1', dbPath: join(dataDir, 'contacts.db'), rateLimit: false });
    },
    async serverStop() {
      await running?.close();
      running = null;
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls the API with the account's secret key: users, sessions and small seeds go through the real endpoints. */
async function api(secretKey, method, path, body) {
  const response = await fetch(`${running.url}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** `Prefix 000042` with phone +1 212 200 0042: predictable names and numbers for assertions. */
async function seedNamedContacts(secretKey, count, prefix) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await api(secretKey, 'POST', '/contacts', {
        fullName: `${prefix} ${String(index).padStart(6, '0')}`,
        phone: `+1212200${String(index).padStart(4, '0')}`,
        email: index % 3 === 0 ? `person${index}@example.com` : null,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function newAccount(params) {
  const { account, secretKey } = createAccount(running, { name: params.get('name') ?? 'Test account', defaultCountry: 'US' });
  const session = async (user) => (await api(secretKey, 'POST', '/sessions', { userId: user.id, ttlSeconds: 3600 })).token;
  const admin = await api(secretKey, 'POST', '/users', { name: 'Avery Admin', role: 'admin' });
  const agent = await api(secretKey, 'POST', '/users', { name: 'Sam Agent', role: 'agent' });
  const viewer = await api(secretKey, 'POST', '/users', {
    name: 'Vic Viewer',
    role: 'agent',
    permissions: { editContacts: false, importContacts: false },
  });
  const tokens = { adminToken: await session(admin), agentToken: await session(agent), viewerToken: await session(viewer) };
  const count = Number(params.get('contacts') ?? '0');
  if (count > 0) await seedNamedContacts(secretKey, count, params.get('prefix') ?? 'Person');
  // Bulk contacts go straight into the server's store (100k HTTP calls would take minutes).
  const bulk = Number(params.get('bulk') ?? '0');
  if (bulk > 0) seedContacts(running.sqlite.db, account.id, bulk);
  return {
    baseUrl: running.url,
    accountId: account.id,
    secretKey,
    ...tokens,
  };
}

/** A page with a strict CSP that loads the widget from a module file (no inline script or style). */
function cspPage(params) {
  const apiOrigin = new URL(running.url).origin;
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CSP page</title></head>
<body>
<contacts-manager base-url="${encodeURI(params.get('baseUrl') ?? '')}" token="${encodeURI(params.get('token') ?? '')}" no-cache></contacts-manager>
<script type="module" src="/packages/elements/test/csp-entry.ts"></script>
</body>
</html>`;
  return {
    body,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; connect-src 'self' ${apiOrigin}; base-uri 'none'; object-src 'none'`,
    },
  };
}

/** Koa middleware answering `/__cm-test/*` before the dev server's transforms can touch the response. */
export async function contactsTestMiddleware(context, next) {
  if (!context.path.startsWith('/__cm-test/')) return next();
  if (!running) {
    context.status = 503;
    context.body = 'The reference server is not running.';
    return;
  }
  const params = context.URL.searchParams;
  if (context.path === '/__cm-test/account') {
    context.type = 'application/json';
    try {
      context.body = JSON.stringify(await newAccount(params));
    } catch (error) {
      context.status = 500;
      context.body = JSON.stringify({ message: String(error), cause: String(error?.cause ?? '') });
    }
    return;
  }
  if (context.path === '/__cm-test/csp.html') {
    const page = cspPage(params);
    context.set(page.headers);
    context.body = page.body;
    return;
  }
  context.status = 404;
}
