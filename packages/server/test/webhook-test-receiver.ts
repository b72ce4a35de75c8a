// A real HTTP receiver on 127.0.0.1 for the webhook tests and the benchmark: it records every
// request and answers as told (2xx, an error status, a hang, or a dropped connection).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverBehaviour = 'ok' | 'fail' | 'hang' | 'drop' | 'redirect';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface TestReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Requests answered 2xx. */
  accepted: ReceivedWebhook[];
  behaviour: ReceiverBehaviour;
  /** The most requests this receiver held open at once. */
  maxConcurrent: number;
  /** Resolves once `predicate` holds for the accepted requests (checked on each request). */
  waitFor(predicate: (accepted: ReceivedWebhook[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

export async function startTestReceiver(behaviour: ReceiverBehaviour = 'ok'): Promise<TestReceiver> {
  const waiters: Array<{ predicate: (accepted: ReceivedWebhook[]) => boolean; resolve: () => void }> = [];
  const hanging = new Set<ServerResponse>();
  const receiver: TestReceiver = {
    url: '',
    port: 0,
    received: [],
    accepted: [],
    behaviour,
    maxConcurrent: 0,
    waitFor(predicate) {
      if (predicate(receiver.accepted)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () => new Promise((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  let open = 0;
  const server = createServer((request, response) => {
    open++;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, open);
    response.on('close', () => open--);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedWebhook = { headers: flatHeaders(request), body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      receiver.received.push(received);
      switch (receiver.behaviour) {
        case 'ok':
          receiver.accepted.push(received);
          response.writeHead(204).end();
          for (const waiter of [...waiters]) {
            if (waiter.predicate(receiver.accepted)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve();
            }
          }
          return;
        case 'fail':
          response.writeHead(500, { 'content-type': 'text/plain' }).end('receiver broken');
          return;
        case 'redirect':
          response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
          return;
        case 'hang':
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          return;
        case 'drop':
          request.socket.destroy();
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/webhooks`;
  return receiver;
}
