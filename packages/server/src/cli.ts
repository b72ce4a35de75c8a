#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT } from './app.js';
import { openDatabase } from './store/sqlite/open-database.js';
import { demoKeyFileOf, ensureDemoAccount } from './store/sqlite/demo-account.js';
import { KeysUsageError, runKeysCommand } from './keys-command.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { startServer } from './start-server.js';
import { parseRetrySchedule } from './webhooks/webhook-retry-schedule.js';

const DEFAULT_DB = './.data/contacts.db';

const HELP = `contacts-server: the reference contacts API (Hono on SQLite or PostgreSQL)

Usage:
  contacts-server [options]                 start the server (on SQLite: creates the database and a demo account on first run)
  contacts-server create-account --name NAME [--default-country CC] [--db FILE | --database-url URL]
                                            create an account; prints {"accountId", "secretKey"} as JSON
  contacts-server keys list|create|revoke [--account ID] [--key KEY_ID] [--db FILE | --database-url URL]
                                            an account's secret keys (stored only as hashes): list their ids,
                                            create one more (shown once), revoke one (401 at once);
                                            --account defaults to the demo account on SQLite
  contacts-server migrate --database-url URL
                                            bring a PostgreSQL schema up to date (the server also does it at start)

Options (environment variable in brackets):
  --port <n>          port to listen on, 0 for any free one [PORT] (default 8787)
  --host <addr>       address to bind [HOST] (default 127.0.0.1)
  --db <file>         SQLite file, created with its folder on first run [CONTACTS_DB] (default ${DEFAULT_DB})
  --database-url <url>
                      serve from PostgreSQL instead (postgres://user:password@host:port/db) [DATABASE_URL];
                      any number of servers may share it
  --pool-size <n>     PostgreSQL connections per server [CONTACTS_POOL_SIZE] (default 10)
  --statement-timeout <ms>
                      PostgreSQL statement timeout, 0 for none [CONTACTS_STATEMENT_TIMEOUT_MS] (default 30000)
  --seed-demo <n>     add n realistic contacts to the demo account when it has none
  --rate-limit <n>    requests per token per second, 0 for none [CONTACTS_RATE_LIMIT] (default ${DEFAULT_RATE_LIMIT.limit})
  --allow-private-webhook-targets
                      let webhooks go to plain http and to loopback or private addresses (development, tests)
  --webhook-retry-schedule <s,s,…>
                      seconds between webhook retries (default 5,300,1800,7200,18000,36000,36000); 1,2,4 for tests
  -h, --help          show this help

The demo account's secret key is CONTACTS_SECRET_KEY when set, otherwise the one in the file beside
the database (<db>.demo-key); the database keeps only its hash.`;

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
      'database-url': { type: 'string' },
      'pool-size': { type: 'string' },
      'statement-timeout': { type: 'string' },
      'seed-demo': { type: 'string' },
      'rate-limit': { type: 'string' },
      name: { type: 'string' },
      'default-country': { type: 'string' },
      'allow-private-webhook-targets': { type: 'boolean' },
      'webhook-retry-schedule': { type: 'string' },
      account: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const dbPath = values.db ?? process.env.CONTACTS_DB ?? DEFAULT_DB;
  const databaseUrl = values['database-url'] ?? (process.env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError('--database-url must be a postgres:// URL');
  const poolSize = wholeNumber(values['pool-size'] ?? process.env.CONTACTS_POOL_SIZE, '--pool-size', 10, 1000);
  if (poolSize === 0) throw new UsageError('--pool-size must be at least 1');
  const statementTimeoutMs = wholeNumber(values['statement-timeout'] ?? process.env.CONTACTS_STATEMENT_TIMEOUT_MS, '--statement-timeout', 30_000);
  const postgresOptions = databaseUrl ? { connectionString: databaseUrl, poolSize, statementTimeoutMs } : null;
  const command = positionals[0];

  if (command === 'migrate') {
    if (!postgresOptions) throw new UsageError('migrate needs --database-url (or DATABASE_URL); a SQLite file is migrated when it is opened');
    const { PostgresStore } = await import('./store/postgres/postgres-store.js');
    const { migrate } = await import('./store/postgres/migrations.js');
    const store = PostgresStore.connect(postgresOptions);
    try {
      const ran = await migrate(store.pool);
      console.log(ran === 0 ? 'contacts-server: the schema is up to date' : `contacts-server: applied ${ran} migration(s)`);
    } finally {
      await store.close();
    }
    return;
  }

  if (command === 'create-account') {
    if (!values.name?.trim()) throw new UsageError('create-account needs --name NAME');
    const country = (values['default-country'] ?? 'US').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new UsageError(`--default-country must be a two-letter country code, not "${values['default-country']}"`);
    const input = { name: values.name.trim(), defaultCountry: country };
    let created: { account: { id: string }; secretKey: string };
    if (postgresOptions) {
      const { PostgresStore } = await import('./store/postgres/postgres-store.js');
      const store = await PostgresStore.open(postgresOptions);
      try {
        created = await store.accounts.createAccount(input);
      } finally {
        await store.close();
      }
    } else {
      const store = SqliteStore.open(dbPath);
      created = store.accounts.createAccount(input);
      await store.close();
    }
    console.log(JSON.stringify({ accountId: created.account.id, secretKey: created.secretKey }));
    return;
  }
  if (command === 'keys') {
    const input = { action: positionals[1], accountId: values.account, keyId: values.key };
    try {
      if (postgresOptions) {
        const { PostgresStore } = await import('./store/postgres/postgres-store.js');
        const store = await PostgresStore.open(postgresOptions);
        try {
          console.log(await runKeysCommand(store.accounts, { ...input, defaultAccountId: null }));
        } finally {
          await store.close();
        }
      } else {
        const store = SqliteStore.open(dbPath);
        try {
          const accounts = store.accounts;
          const sync = { listSecretKeys: async (id: string) => accounts.listSecretKeys(id), createSecretKey: async (id: string) => accounts.createSecretKey(id), revokeSecretKey: async (id: string, key: string) => accounts.revokeSecretKey(id, key) };
          console.log(await runKeysCommand(sync, { ...input, defaultAccountId: accounts.getSetting('demo_account_id') }));
        } finally {
          await store.close();
        }
      }
    } catch (error) {
      if (error instanceof KeysUsageError) throw new UsageError(error.message);
      throw error;
    }
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

  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const rateLimitOption = rateLimit === 0 ? (false as const) : { limit: rateLimit, windowSeconds: DEFAULT_RATE_LIMIT.windowSeconds };
  const webhooks = { allowPrivateTargets: values['allow-private-webhook-targets'] ?? false, ...(retryScheduleSeconds ? { retryScheduleSeconds } : {}) };
  let running: Awaited<ReturnType<typeof startServer>>;
  if (postgresOptions) {
    // Shared by any number of servers: accounts come from create-account, not a demo.
    running = await startServer({ databaseUrl: postgresOptions.connectionString, poolSize, statementTimeoutMs, port, host, rateLimit: rateLimitOption, webhooks });
    console.log(`contacts-server listening on ${running.url}`);
    console.log(`  OpenAPI:          ${running.url}/v1/openapi.json`);
    console.log(`  database:         PostgreSQL (pool of ${poolSize}); create accounts with: contacts-server create-account --database-url …`);
  } else {
    const database = openDatabase(dbPath);
    const demo = ensureDemoAccount(new SqliteStore(database), { secretKey, seedContacts: seedDemo, keyFile: dbPath === ':memory:' ? undefined : demoKeyFileOf(dbPath) });
    running = await startServer({ database, port, host, rateLimit: rateLimitOption, webhooks });
    console.log(`contacts-server listening on ${running.url}`);
    console.log(`  OpenAPI:          ${running.url}/v1/openapi.json`);
    console.log(`  database:         ${dbPath}${demo.created ? ' (created the demo account)' : ''}`);
    console.log(`  demo account:     ${demo.accountId}`);
    console.log(`  demo secret key:  ${demo.secretKey}`);
    console.log(`  admin user:       ${demo.adminUserId}`);
    console.log(`  agent user:       ${demo.agentUserId}`);
    if (demo.seededContacts > 0) console.log(`  seeded contacts:  ${demo.seededContacts}`);
  }
  // Graceful: requests in flight are answered, jobs finish or go back to the queue for another instance.
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('contacts-server: shutdown failed', error);
        process.exit(1);
      },
    );
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
