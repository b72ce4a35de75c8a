import type { Contact } from '@contacts-manager/core/schema';
import { afterEach, beforeEach, inject } from 'vitest';
import { createApp, type AppOptions, type ContactsApp } from '../src/app.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';

/** Set when this run's project is the PostgreSQL one (its global setup started a cluster). */
export const postgresUrl: string | undefined = inject('postgresUrl');
export const onPostgres = postgresUrl !== undefined;

export interface TestAccount {
  accountId: string;
  secretKey: string;
  adminToken: string;
  agentToken: string;
  agentUserId: string;
  adminUserId: string;
}

export interface TestApi extends ContactsApp {
  /** Sends a request; a plain object body is sent as JSON. */
  call(method: string, path: string, token: string | null, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(method: string, path: string, token: string | null, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  newAccount(name?: string, defaultCountry?: string): Promise<TestAccount>;
  createContact(token: string, input: Record<string, unknown>): Promise<Contact>;
}

/**
 * A new app and account for every test of the file, closed after it: `use` receives them
 * (keep them in the file's `let api` and `let acct`).
 */
export function withAppPerTest(use: (api: TestApi, acct: TestAccount) => void, options: () => AppOptions = () => ({})): void {
  let current: TestApi | undefined;
  beforeEach(async () => {
    current = testApi(options());
    use(current, await current.newAccount());
  });
  afterEach(() => current?.close());
}

/** The app on SQLite (in memory unless `database` says otherwise), or on the run's PostgreSQL database. */
export function testApi(options: AppOptions = {}): TestApi {
  const postgres = postgresUrl && options.database === undefined ? PostgresStore.connect({ connectionString: postgresUrl, poolSize: 4, now: options.now }) : undefined;
  // Failed-auth counters live in the store, shared on PostgreSQL by every test of the run (all
  // from one address): tests that are about them turn them on.
  const contactsApp = createApp({ rateLimit: false, failedAuthLimit: false, ...options, ...(postgres ? { postgres } : {}) });
  const call: TestApi['call'] = (method, path, token, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
    }
    return Promise.resolve(contactsApp.app.request(path, init));
  };
  const json: TestApi['json'] = async (method, path, token, body, headers) => {
    const response = await call(method, path, token, body, headers);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };
  const extra: Omit<TestApi, keyof ContactsApp> = {
    call,
    json,
    async newAccount(name = 'Acme', defaultCountry = 'US') {
      const { accounts } = contactsApp.services.store;
      const { account, secretKey } = await accounts.createAccount({ name, defaultCountry });
      const admin = await accounts.createUser(account.id, { name: 'Admin', role: 'admin' });
      const agent = await accounts.createUser(account.id, { name: 'Agent', role: 'agent' });
      const now = contactsApp.services.now();
      return {
        accountId: account.id,
        secretKey,
        adminToken: (await accounts.createSession(account.id, admin, 3600, now)).token,
        agentToken: (await accounts.createSession(account.id, agent, 3600, now)).token,
        agentUserId: agent.id,
        adminUserId: admin.id,
      };
    },
    async createContact(token, input) {
      const { status, body } = await json<Contact>('POST', '/v1/contacts', token, input);
      if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
      return body;
    },
  };
  // Built on the app (not a copy): its `sqlite` getter throws on PostgreSQL.
  return Object.assign(Object.create(contactsApp) as ContactsApp, extra);
}

/** Valid US numbers for tests: +1 415 555 01xx. */
export const phone = (n: number): string => `+1415555${String(100 + n).padStart(4, '0')}`;
