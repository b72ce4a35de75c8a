// The host's backend half of the session-token pattern. The secret key lives here, on the
// server, and never reaches the page: the page asks this route for a short-lived session
// token scoped to the signed-in user, and hands the element a `getToken` that calls it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createContactsClient, type Role } from '@contacts-manager/core';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import {
  HOST_SESSION_ROUTE,
  SIGN_IN_ROUTE,
  SIGN_OUT_ROUTE,
  createHostSessions,
  sendJson,
  type HostSessions,
} from './host-sign-in.js';

export interface ContactsSessionRouteOptions {
  /** The contacts API origin, e.g. `http://127.0.0.1:8787`. */
  apiUrl: string;
  /** The account's secret key (`sk_…`). Server-side only. */
  secretKey: string;
  /** Session lifetime; the widget asks again when a token expires. */
  ttlSeconds?: number;
}

export const SESSION_ROUTE = '/api/contacts-session';

/**
 * Mints session tokens for the user signed in to the host app (its own cookie), and only for
 * pages of the host's own origin: no cookie is 401, another origin is 403, and no CORS header
 * is ever sent, so no other site can read a token.
 */
export function createContactsSessionHandler(
  options: ContactsSessionRouteOptions,
  sessions: HostSessions,
) {
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
    if (sessions.refuseForeign(request, response)) return;
    const hostUser = sessions.userOf(request);
    if (!hostUser) {
      sendJson(response, 401, { code: 'signed_out', message: 'Sign in to the host app first.' });
      return;
    }
    try {
      const userId = await userIdFor(hostUser.role);
      if (!userId) {
        sendJson(response, 404, {
          code: 'user_not_found',
          message: `The account has no ${hostUser.role} user.`,
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

/** Vite plugin: mounts the sign-in and token routes on the dev and preview servers. */
export function contactsSessionRoute(options: ContactsSessionRouteOptions): Plugin {
  const mount = (server: ViteDevServer | PreviewServer) => {
    const sessions = createHostSessions();
    const handle = createContactsSessionHandler(options, sessions);
    server.middlewares.use(
      SIGN_IN_ROUTE,
      (request, response) => void sessions.signIn(request, response),
    );
    server.middlewares.use(SIGN_OUT_ROUTE, (request, response) =>
      sessions.signOut(request, response),
    );
    server.middlewares.use(HOST_SESSION_ROUTE, (request, response) =>
      sessions.whoAmI(request, response),
    );
    server.middlewares.use(SESSION_ROUTE, (request, response) => void handle(request, response));
  };
  return { name: 'contacts-session-route', configureServer: mount, configurePreviewServer: mount };
}
