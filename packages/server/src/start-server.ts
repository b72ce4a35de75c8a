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
}

export interface RunningServer extends ContactsApp {
  url: string;
  port: number;
  server: ServerType;
}

/** Serves the API over HTTP on Node (port 0 picks a free one). */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const contactsApp = createApp({ ...options, database: options.database ?? options.dbPath });
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
  return {
    ...contactsApp,
    url: `http://${host}:${port}`,
    port,
    server,
    async close() {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await contactsApp.close();
    },
  };
}
