import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions, type ContactsApp } from './app.js';
import { withoutBodilessContentType } from './http/compression.js';
import { runMaintenanceInBackground } from './maintenance.js';

export interface StartServerOptions extends AppOptions {
  /** Default 8787; 0 picks a free port (read it from the result). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file, created with its folder on first run; same as `database` given a path. */
  dbPath?: string;
  /** How often housekeeping runs; default every 10 minutes. */
  maintenanceIntervalMs?: number;
  /** Serve from PostgreSQL (postgres://…): migrated at start, under a lock. */
  databaseUrl?: string;
  /** PostgreSQL connections this instance keeps at most (default 10). */
  poolSize?: number;
  /** PostgreSQL statement timeout in ms (default 30 s; 0: none). */
  statementTimeoutMs?: number;
}

export interface RunningServer extends ContactsApp {
  url: string;
  port: number;
  server: ServerType;
}

/** Serves the API over HTTP on Node (port 0 picks a free one). */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const postgres =
    options.postgres ??
    (options.databaseUrl
      ? // Loaded only here: a SQLite server never loads the PostgreSQL driver.
        await (await import('./store/postgres/postgres-store.js')).PostgresStore.open({ connectionString: options.databaseUrl, poolSize: options.poolSize, statementTimeoutMs: options.statementTimeoutMs, now: options.now })
      : undefined);
  const contactsApp = createApp({ ...options, database: options.database ?? options.dbPath, ...(postgres ? { postgres } : {}) });
  const hostname = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const started = serve({ fetch: contactsApp.app.fetch, port: options.port ?? 8787, hostname }, (info) => resolve({ server: started, port: info.port }));
    started.once('error', reject);
  });
  withoutBodilessContentType(server as Server);
  runMaintenanceInBackground(contactsApp.services);
  const timer = setInterval(() => runMaintenanceInBackground(contactsApp.services), options.maintenanceIntervalMs ?? 10 * 60 * 1000);
  timer.unref();
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  // Built on the app (not a copy of it): its `sqlite` getter throws on PostgreSQL.
  const running = Object.create(contactsApp) as RunningServer;
  return Object.assign(running, {
    url: `http://${host}:${port}`,
    port,
    server,
    async close() {
      clearInterval(timer);
      // Graceful: no new connections, in-flight requests answered, then jobs finished or released.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await contactsApp.close();
    },
  });
}
