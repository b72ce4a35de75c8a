// Test support for @web/test-runner: runs the REAL reference server (in this Node process, on
// port 0, with a temporary database) and lets test pages create a fresh account each, with
// session tokens for an administrator, the Agent user and a read-only user.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, createAccount, createUser, createSession } from '@contacts-manager/server';

let running = null;
let dataDir = null;

/** The wtr plugin: starts the server with the test runner and stops it after. */
export function contactsServerPlugin() {
  return {
    name: 'contacts-reference-server',
    async serverStart() {
      dataDir = await mkdtemp(join(tmpdir(), 'cm-elements-test-'));
      running = await startServer({ port: 0, hostname: '127.0.0.1', database: join(dataDir, 'contacts.db'), rateLimit: false });
    },
    async serverStop() {
      await running?.close();
      running = null;
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function seedContacts(services, accountId, count, prefix) {
  const { db, contacts } = services;
  const insertMany = db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const number = String(2_000_000 + index).padStart(7, '0');
      contacts.create(accountId, {
        fullName: `${prefix} ${String(index).padStart(6, '0')}`,
        phone: `+1212${number}`,
        email: index % 3 === 0 ? `person${index}@example.com` : null,
        listIds: [],
        optedOut: false,
      });
    }
  });
  insertMany();
}

function newAccount(params) {
  const { services, url } = running;
  const { account, secretKey } = createAccount(services.db, { name: params.get('name') ?? 'Test account', defaultCountry: 'US' });
  const admin = createUser(services.db, account.id, { name: 'Avery Admin', role: 'admin' });
  const agent = createUser(services.db, account.id, { name: 'Sam Agent', role: 'agent' });
  const viewer = createUser(services.db, account.id, { name: 'Vic Viewer', role: 'agent', permissions: { editContacts: false, importContacts: false } });
  const ttl = 3600;
  const now = Date.now();
  const count = Number(params.get('contacts') ?? '0');
  if (count > 0) seedContacts(services, account.id, count, params.get('prefix') ?? 'Person');
  return {
    baseUrl: url,
    accountId: account.id,
    secretKey,
    adminToken: createSession(services.db, account.id, admin, ttl, now).token,
    agentToken: createSession(services.db, account.id, agent, ttl, now).token,
    viewerToken: createSession(services.db, account.id, viewer, ttl, now).token,
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
    context.body = JSON.stringify(newAccount(params));
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
