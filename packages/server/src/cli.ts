#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT } from './app.js';
import { openDatabase } from './db/open-database.js';
import { ensureDemoAccount } from './demo/seed-demo-account.js';
import { startServer } from './start-server.js';

const HELP = `contacts-server: the reference contacts API (Hono + SQLite)

Options (environment variable in brackets):
  --port <n>          port to listen on [PORT] (default 8787)
  --host <addr>       address to bind [HOST] (default 127.0.0.1)
  --db <file>         SQLite file, created on first run [CONTACTS_DB] (default contacts.sqlite)
  --demo-key <sk_…>   secret key of the demo account [CONTACTS_DEMO_SECRET_KEY] (default: random, printed on first run)
  --rate-limit <n>    requests per token per minute, 0 for none [CONTACTS_RATE_LIMIT] (default ${DEFAULT_RATE_LIMIT.limit})
  -h, --help          show this help`;

function main(): Promise<void> | void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'demo-key': { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  const rateLimit = Number(values['rate-limit'] ?? process.env.CONTACTS_RATE_LIMIT ?? DEFAULT_RATE_LIMIT.limit);
  const demoKey = values['demo-key'] ?? process.env.CONTACTS_DEMO_SECRET_KEY;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not ${values.port ?? process.env.PORT}`);
  if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new Error('--rate-limit must be a whole number (0 turns it off)');
  if (demoKey !== undefined && !/^sk_\w{8,}$/.test(demoKey)) throw new Error('--demo-key must look like sk_ followed by at least 8 letters or digits');

  const database = openDatabase(values.db ?? process.env.CONTACTS_DB ?? 'contacts.sqlite');
  const demo = ensureDemoAccount(database, { secretKey: demoKey });
  return startServer({
    database,
    port,
    hostname: values.host ?? process.env.HOST ?? '127.0.0.1',
    rateLimit: rateLimit === 0 ? false : { limit: rateLimit, windowSeconds: 60 },
  }).then((running) => {
    console.log(`contacts-server listening on ${running.url} (OpenAPI: ${running.url}/v1/openapi.json)`);
    if (demo.created) console.log(`Created the demo account ${demo.accountId}.`);
    if (demo.secretKey) console.log(`Demo secret key: ${demo.secretKey}`);
    for (const user of demo.users) console.log(`Demo user ${user.id} (${user.role}, ${user.name})`);
    const stop = (): void => {
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

try {
  await main();
} catch (error) {
  console.error(`contacts-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
