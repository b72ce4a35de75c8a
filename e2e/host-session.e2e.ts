// The example host app's token route, the pattern people copy: a session token only for the
// user signed in to the host app, only for its own origin, never readable by another site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from './support/start-stack.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ seedContacts: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

const mint = (headers: Record<string, string>) =>
  fetch(`${stack.url}/api/contacts-session`, { method: 'POST', headers });

async function signIn(origin: string, role = 'admin'): Promise<Response> {
  return fetch(`${stack.url}/api/sign-in`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `role=${role}`,
  });
}

describe('the example host app’s token route', () => {
  it('refuses a request with no signed-in user (401), and another origin (403), with no CORS header', async () => {
    const anonymous = await mint({ Origin: stack.url });
    expect(anonymous.status).toBe(401);
    const foreign = await mint({ Origin: 'http://127.0.0.1:1', 'Sec-Fetch-Site': 'cross-site' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await mint({});
    expect(noOrigin.status).toBe(403);
    expect((await signIn('http://localhost:9999')).status).toBe(403);
  });

  it('mints a token for the signed-in user, with a SameSite=Strict HttpOnly cookie', async () => {
    const signedIn = await signIn(stack.url, 'agent');
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const minted = await mint({ Origin: stack.url, Cookie: session });
    expect(minted.status).toBe(201);
    const body = (await minted.json()) as { token: string; user: { role: string } };
    expect(body.token).toMatch(/^st_/);
    expect(body.user.role).toBe('agent');
    expect(minted.headers.get('access-control-allow-origin')).toBeNull();
    // The cookie alone is not enough from another origin.
    const stolen = await mint({ Origin: 'http://127.0.0.1:1', Cookie: session });
    expect(stolen.status).toBe(403);
  });

  it('serves the pages, the modules and the script-tag build compressed', async () => {
    for (const path of ['/', '/src/main.ts', '/script-tag/', '/cdn/contacts-manager.js']) {
      const response = await fetch(`${stack.url}${path}`, {
        headers: { 'Accept-Encoding': 'gzip' },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-encoding'), path).toBe('gzip');
    }
  });
});
