// The example host app's own sign-in: a stand-in for the login a real app already has. It
// sets an HttpOnly, SameSite=Strict cookie naming the signed-in demo user; the contacts
// session route mints tokens only for that user, and only for requests from this origin.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '@contacts-manager/core';

export const SIGN_IN_ROUTE = '/api/sign-in';
export const SIGN_OUT_ROUTE = '/api/sign-out';
export const HOST_SESSION_ROUTE = '/api/host-session';
const COOKIE_NAME = 'host_session';
const MAX_BODY_BYTES = 1024;
const SESSION_LIFETIME_MS = 8 * 3600_000;

export interface HostUser {
  role: Role;
  name: string;
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify(value));
}

export async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > MAX_BODY_BYTES) throw new Error('body too large');
  }
  return body;
}

/**
 * Whether a request comes from a page of this very origin: the browser's `Origin` (sent with
 * every POST) must name this host, and `Sec-Fetch-Site`, when sent, must say same-origin.
 * Another site, or another localhost port, is refused before any token is minted.
 */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string') return false;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin') return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The host's sessions, in memory: a restart signs everyone out, as a demo may. */
export function createHostSessions() {
  const sessions = new Map<string, HostUser & { expiresAt: number }>();

  function userOf(request: IncomingMessage): HostUser | null {
    const id = readCookie(request, COOKIE_NAME);
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) return null;
    if (session.expiresAt < Date.now()) {
      sessions.delete(id);
      return null;
    }
    return { role: session.role, name: session.name };
  }

  function refuseForeign(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      sendJson(response, 405, { code: 'method_not_allowed', message: 'Use POST.' });
      return true;
    }
    if (!isSameOrigin(request)) {
      sendJson(response, 403, {
        code: 'cross_origin',
        message: 'Only pages of this site may do this.',
      });
      return true;
    }
    return false;
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (refuseForeign(request, response)) return;
    let role: Role | null = null;
    try {
      const body = await readBody(request);
      const type = request.headers['content-type'] ?? '';
      const fields = type.includes('application/json')
        ? (JSON.parse(body || '{}') as { role?: unknown })
        : Object.fromEntries(new URLSearchParams(body));
      if (fields.role === 'admin' || fields.role === 'agent') role = fields.role;
    } catch {
      role = null;
    }
    if (!role) {
      sendJson(response, 400, { code: 'invalid_body', message: 'Send role=admin or role=agent.' });
      return;
    }
    const previous = readCookie(request, COOKIE_NAME);
    if (previous) sessions.delete(previous);
    const id = randomBytes(24).toString('base64url');
    const user: HostUser = { role, name: role === 'admin' ? 'Avery Admin' : 'Sam Agent' };
    sessions.set(id, { ...user, expiresAt: Date.now() + SESSION_LIFETIME_MS });
    response.setHeader(
      'Set-Cookie',
      `${COOKIE_NAME}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_LIFETIME_MS / 1000}`,
    );
    sendJson(response, 200, { user });
  }

  function signOut(request: IncomingMessage, response: ServerResponse): void {
    if (refuseForeign(request, response)) return;
    const id = readCookie(request, COOKIE_NAME);
    if (id) sessions.delete(id);
    response.setHeader(
      'Set-Cookie',
      `${COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
    );
    sendJson(response, 200, { user: null });
  }

  function whoAmI(request: IncomingMessage, response: ServerResponse): void {
    sendJson(response, 200, { user: userOf(request) });
  }

  return { userOf, refuseForeign, signIn, signOut, whoAmI };
}

export type HostSessions = ReturnType<typeof createHostSessions>;
