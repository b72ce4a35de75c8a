// The real reference server for import tests, plus a small HTTP proxy in front of it that
// injects faults (500s, 429s, dropped connections before and after the server answered).
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The server package depends on this one, so it is loaded by path at run time rather than
// declared as a dependency (a cycle) or compiled with this package's sources.
const SERVER_ENTRY = new URL('../../../server/src/index.ts', import.meta.url).href;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}
interface ServerModule {
  startServer(options: {
    port: number;
    host: string;
    dbPath: string;
    rateLimit: false;
  }): Promise<RunningServer>;
  createAccount(
    target: unknown,
    input: { name: string; defaultCountry: string },
  ): { secretKey: string };
}

/** Creates an account on a running server (its store), whichever handle this server version takes. */
export function createServerAccount(
  module: ServerModule,
  server: RunningServer,
  input: { name: string; defaultCountry: string },
): string {
  const handle = server as RunningServer & { sqlite?: unknown; services?: { db?: unknown } };
  return module.createAccount(handle.sqlite ? server : (handle.services?.db ?? server), input)
    .secretKey;
}

export async function loadServerModule(): Promise<ServerModule> {
  return (await import(/* @vite-ignore */ SERVER_ENTRY)) as ServerModule;
}

export interface TestServer {
  url: string;
  secretKey: string;
  server: RunningServer;
  dir: string;
  close(): Promise<void>;
}

export async function startTestServer(defaultCountry = 'US'): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cm-import-'));
  const serverModule = await loadServerModule();
  const server = await serverModule.startServer({
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dir, 'contacts.db'),
    rateLimit: false,
  });
  const secretKey = createServerAccount(serverModule, server, {
    name: 'Import test',
    defaultCountry,
  });
  return {
    url: server.url,
    secretKey,
    server,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Fault = 'pass' | 'status-500' | 'status-429' | 'drop-before' | 'drop-after' | 'stall';

export interface FaultProxy {
  url: string;
  faults: Record<Exclude<Fault, 'pass'>, number>;
  close(): Promise<void>;
}

/** Forwards to `target`; `decide` picks a fault per request. */
export async function startFaultProxy(
  target: string,
  decide: (method: string, path: string) => Fault,
  options: { chunkDelayMs?: number } = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults = { 'status-500': 0, 'status-429': 0, 'drop-before': 0, 'drop-after': 0, stall: 0 };
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const fault = decide(incoming.method ?? 'GET', incoming.url ?? '/');
    if (fault !== 'pass') faults[fault]++;
    if (fault === 'drop-before') {
      incoming.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      // Never answers: the client's timeout has to fire.
      incoming.resume();
      return;
    }
    if (fault === 'status-500' || fault === 'status-429') {
      incoming.resume();
      const status = fault === 'status-500' ? 500 : 429;
      outgoing.writeHead(status, {
        'content-type': 'application/problem+json',
        ...(status === 429 ? { 'retry-after': '1' } : {}),
      });
      outgoing.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Injected',
          status,
          code: status === 500 ? 'internal_error' : 'rate_limited',
          detail: 'Injected by the test proxy',
        }),
      );
      return;
    }
    if (options.chunkDelayMs && incoming.method === 'PUT') {
      setTimeout(() => forwardRequest(incoming, outgoing, fault), options.chunkDelayMs);
      return;
    }
    forwardRequest(incoming, outgoing, fault);
  });
  function forwardRequest(incoming: IncomingMessage, outgoing: ServerResponse, fault: Fault): void {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        if (fault === 'drop-after') {
          // The server did the work; the client never hears about it.
          response.resume();
          response.on('end', () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forward.on('error', () => incoming.socket.destroy());
    incoming.pipe(forward);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A CSV of `rows` contacts with distinct US numbers in mixed formats; every `badEvery`-th row has a bad phone. */
export function generateContactsCsv(
  rows: number,
  options: { badEvery?: number; start?: number } = {},
): { csv: string; validPhones: string[] } {
  const lines = ['Full Name,Phone,Email'];
  const validPhones: string[] = [];
  const start = options.start ?? 0;
  for (let index = 0; index < rows; index++) {
    const n = start + index;
    const exchange = 200 + (Math.floor(n / 10_000) % 800);
    const line = String(n % 10_000).padStart(4, '0');
    if (options.badEvery && index % options.badEvery === options.badEvery - 1) {
      lines.push(`Bad Row ${n},12-34,`);
      continue;
    }
    const phone =
      n % 3 === 0
        ? `(415) ${exchange}-${line}`
        : n % 3 === 1
          ? `+1 415 ${exchange} ${line}`
          : `415.${exchange}.${line}`;
    validPhones.push(`+1415${exchange}${line}`);
    lines.push(`Person ${n},${phone},person${n}@example.com`);
  }
  return { csv: `${lines.join('\n')}\n`, validPhones };
}
