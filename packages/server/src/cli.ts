#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT } from './app.js';
import { openDatabase } from './store/sqlite/open-database.js';
import { ensureDemoAccount } from './store/sqlite/demo-account.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { startServer } from './start-server.js';
import { parseRetrySchedule } from './webhooks/webhook-retry-schedule.js';

const DEFAULT_DB = './.data/contacts.db';

const HELP = `contacts-server: the reference contacts API (Hono + SQLite)

Usage:
  contacts-server [options]                 start the server (creates the database and a demo account on first run)
  contacts-server create-account --name NAME [--default-country CC] [--db FILE]
                                            create an account; prints {"accountId", "secretKey"} as JSON

Options (environment variable in brackets):
  --port <n>          port to listen on, 0 for any free one [PORT] (default 8787)
  --host <addr>       address to bind [HOST] (default 127.0.0.1)
  --db <file>         SQLite file, created with its folder on first run [CONTACTS_DB] (default ${DEFAULT_DB})
  --seed-demo <n>     add n realistic contacts to the demo account when it has none
  --rate-limit <n>    requests per token per second, 0 for none [CONTACTS_RATE_LIMIT] (default ${DEFAULT_RATE_LIMIT.limit})
  --allow-private-webhook-targets
                      let webhooks go to plain http and to loopback or private addresses (development, tests)
  --webhook-retry-schedule <s,s,…>
                      seconds between webhook retries (default 5,300,1800,7200,18000,36000,36000); 1,2,4 for tests
  -h, --help          show this help

The demo account's secret key is CONTACTS_SECRET_KEY when set, otherwise the one made on first run.`;

class UsageError extends Error {}

function wholeNumber(text: string | undefined, flag: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not "${text}"`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'seed-demo': { type: 'string' },
      'rate-limit': { type: 'string' },
      name: { type: 'string' },
      'default-country': { type: 'string' },
      'allow-private-webhook-targets': { type: 'boolean' },
      'webhook-retry-schedule': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const dbPath = values.db ?? process.env.CONTACTS_DB ?? DEFAULT_DB;
  const command = positionals[0];

  if (command === 'create-account') {
    if (!values.name?.trim()) throw new UsageError('create-account needs --name NAME');
    const country = (values['default-country'] ?? 'US').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new UsageError(`--default-country must be a two-letter country code, not "${values['default-country']}"`);
    const store = SqliteStore.open(dbPath);
    const { account, secretKey } = store.accounts.createAccount({ name: values.name.trim(), defaultCountry: country });
    store.close();
    console.log(JSON.stringify({ accountId: account.id, secretKey }));
    return;
  }
  if (command !== undefined) throw new UsageError(`unknown command "${command}" (try --help)`);

  const port = wholeNumber(values.port ?? process.env.PORT, '--port', 8787, 65_535);
  const rateLimit = wholeNumber(values['rate-limit'] ?? process.env.CONTACTS_RATE_LIMIT, '--rate-limit', DEFAULT_RATE_LIMIT.limit);
  const seedDemo = wholeNumber(values['seed-demo'], '--seed-demo', 0, 10_000_000);
  let retryScheduleSeconds: number[] | undefined;
  try {
    retryScheduleSeconds = values['webhook-retry-schedule'] === undefined ? undefined : parseRetrySchedule(values['webhook-retry-schedule']);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const secretKey = process.env.CONTACTS_SECRET_KEY || undefined;
  if (secretKey !== undefined && !/^sk_[A-Za-z0-9_]{8,}$/.test(secretKey)) {
    throw new UsageError('CONTACTS_SECRET_KEY must be sk_ followed by at least 8 letters, digits or underscores');
  }

  const database = openDatabase(dbPath);
  const demo = ensureDemoAccount(new SqliteStore(database), { secretKey, seedContacts: seedDemo });
  const running = await startServer({
    database,
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    rateLimit: rateLimit === 0 ? false : { limit: rateLimit, windowSeconds: DEFAULT_RATE_LIMIT.windowSeconds },
    webhooks: { allowPrivateTargets: values['allow-private-webhook-targets'] ?? false, ...(retryScheduleSeconds ? { retryScheduleSeconds } : {}) },
  });
  console.log(`contacts-server listening on ${running.url}`);
  console.log(`  OpenAPI:          ${running.url}/v1/openapi.json`);
  console.log(`  database:         ${dbPath}${demo.created ? ' (created the demo account)' : ''}`);
  console.log(`  demo account:     ${demo.accountId}`);
  console.log(`  demo secret key:  ${demo.secretKey}`);
  console.log(`  admin user:       ${demo.adminUserId}`);
  console.log(`  agent user:       ${demo.agentUserId}`);
  if (demo.seededContacts > 0) console.log(`  seeded contacts:  ${demo.seededContacts}`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`contacts-server: ${message}`);
  if (!(error instanceof UsageError) && !(error instanceof TypeError && /option|argument/i.test(message))) console.error(error);
  process.exit(error instanceof UsageError || error instanceof TypeError ? 2 : 1);
});
