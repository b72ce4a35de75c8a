// Starts the reference server on 127.0.0.1 with a temporary database, and hands out
// fresh accounts with an SDK client each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '@contacts-manager/server';
import { createContactsClient, type ContactsClient, type ContactsClientOptions } from '@contacts-manager/core';

export interface TestAccount {
  accountId: string;
  secretKey: string;
  client: ContactsClient;
  /** A client of this account with other options (a session token, a timeout...). */
  clientWith(options: Partial<ContactsClientOptions>): ContactsClient;
}

export interface TestServer {
  url: string;
  server: RunningServer;
  newAccount(name?: string): Promise<TestAccount>;
  close(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the PostgreSQL project: the migrated database of a throwaway cluster. */
    postgresUrl?: string;
  }
}

/** The server runs on PostgreSQL in the contract-postgres project, on a SQLite file otherwise. */
export const postgresUrl: string | undefined = inject('postgresUrl');
export const onPostgres = postgresUrl !== undefined;

export async function startTestServer(options: Omit<StartServerOptions, 'port' | 'host' | 'dbPath'> = {}): Promise<TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'contacts-sdk-'));
  const database = postgresUrl ? { databaseUrl: postgresUrl, poolSize: 4 } : { dbPath: join(directory, 'contacts.db') };
  // Failed-auth counters are shared through PostgreSQL by every server of the run (all on
  // 127.0.0.1): off unless a test is about them.
  const server = await startServer({ port: 0, host: '127.0.0.1', failedAuthLimit: false, ...database, ...options });
  let accounts = 0;
  return {
    url: server.url,
    server,
    async newAccount(name = `Account ${++accounts}`) {
      const { account, secretKey } = await server.services.store.accounts.createAccount({ name, defaultCountry: 'US' });
      const clientWith = (extra: Partial<ContactsClientOptions>) =>
        createContactsClient({ baseUrl: server.url, token: secretKey, maxRetries: 0, ...extra });
      return { accountId: account.id, secretKey, client: clientWith({}), clientWith };
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Reads a web stream of bytes into text. */
export async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}
