// The host's backend half of the session-token pattern. The secret key lives here, on the
// server, and never reaches the page: the page asks this route for a short-lived session
// token scoped to the signed-in user, and hands the element a `getToken` that calls it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createContactsClient, type Role } from '@contacts-manager/core';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';

export interface ContactsSessionRouteOptions {
  /** The contacts API origin, e.g. `http://127.0.0.1:8787`. */
  apiUrl: string;
  /** The account's secret key (`sk_…`). Server-side only. */
  secretKey: string;
  /** Session lifetime; the widget asks again when a token expires. */
  ttlSeconds?: number;
}

export const SESSION_ROUTE = '/api/contacts-session';

const MAX_BODY_BYTES = 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) throw new Error('body too large');
  }
  return body === '' ? {} : JSON.parse(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify(value));
}

/**
 * Mints session tokens. In a real app the user comes from the host's own login session;
 * this demo lets the page pick which demo user is "signed in" (admin or agent) so the
 * widget's permissions can be compared.
 */
export function createContactsSessionHandler(options: ContactsSessionRouteOptions) {
  const client = createContactsClient({ baseUrl: options.apiUrl, token: options.secretKey });
  const userIdByRole = new Map<Role, string>();

  async function userIdFor(role: Role): Promise<string | undefined> {
    if (!userIdByRole.has(role)) {
      const users = await client.users.list();
      for (const user of users.data)
        if (!userIdByRole.has(user.role)) userIdByRole.set(user.role, user.id);
    }
    return userIdByRole.get(role);
  }

  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      sendJson(response, 405, { code: 'method_not_allowed', message: 'Use POST.' });
      return;
    }
    let role: Role = 'admin';
    try {
      const body = (await readJsonBody(request)) as { role?: unknown };
      if (body.role === 'agent' || body.role === 'admin') role = body.role;
    } catch {
      sendJson(response, 400, {
        code: 'invalid_body',
        message: 'Send a JSON body like {"role":"admin"}.',
      });
      return;
    }
    try {
      const userId = await userIdFor(role);
      if (!userId) {
        sendJson(response, 404, {
          code: 'user_not_found',
          message: `The account has no ${role} user.`,
        });
        return;
      }
      const session = await client.sessions.create({
        userId,
        ttlSeconds: options.ttlSeconds ?? 3600,
      });
      // Only the token and its expiry go to the page; never the secret key.
      sendJson(response, 201, {
        token: session.token,
        expiresAt: session.expiresAt,
        user: { name: session.user.name, role: session.user.role },
      });
    } catch (error) {
      console.error('[contacts-session]', error);
      sendJson(response, 502, {
        code: 'session_unavailable',
        message: 'Could not mint a contacts session; is the API server running?',
      });
    }
  };
}

/** Vite plugin: mounts the route on the dev and preview servers. */
export function contactsSessionRoute(options: ContactsSessionRouteOptions): Plugin {
  const mount = (server: ViteDevServer | PreviewServer) => {
    const handle = createContactsSessionHandler(options);
    server.middlewares.use(SESSION_ROUTE, (request, response) => void handle(request, response));
  };
  return { name: 'contacts-session-route', configureServer: mount, configurePreviewServer: mount };
}
