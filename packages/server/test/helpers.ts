import type { Contact } from '@contacts-manager/core/schema';
import { createApp, type AppOptions, type ContactsApp } from '../src/app.js';

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
  newAccount(name?: string, defaultCountry?: string): TestAccount;
  createContact(token: string, input: Record<string, unknown>): Promise<Contact>;
}

export function testApi(options: AppOptions = {}): TestApi {
  const contactsApp = createApp({ rateLimit: false, ...options });
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
  const api: TestApi = {
    ...contactsApp,
    call,
    json,
    newAccount(name = 'Acme', defaultCountry = 'US') {
      const { accounts } = contactsApp.sqlite;
      const { account, secretKey } = accounts.createAccount({ name, defaultCountry });
      const admin = accounts.createUser(account.id, { name: 'Admin', role: 'admin' });
      const agent = accounts.createUser(account.id, { name: 'Agent', role: 'agent' });
      const now = contactsApp.services.now();
      return {
        accountId: account.id,
        secretKey,
        adminToken: accounts.createSession(account.id, admin, 3600, now).token,
        agentToken: accounts.createSession(account.id, agent, 3600, now).token,
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
  return api;
}

/** Valid US numbers for tests: +1 415 555 01xx. */
export const phone = (n: number): string => `+1415555${String(100 + n).padStart(4, '0')}`;
