import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/start-server.js';
import { seedContacts } from '../src/store/sqlite/seed-contacts.js';

let server: RunningServer;
let secretKey: string;

beforeAll(async () => {
  server = await startServer({ port: 0, rateLimit: { limit: 1000, windowSeconds: 1 } });
  const created = server.sqlite.accounts.createAccount({ name: 'HTTP' });
  secretKey = created.secretKey;
  seedContacts(server.sqlite.db, created.account.id, 2500);
});
afterAll(() => server.close());

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${secretKey}` });

describe('over real HTTP on 127.0.0.1', () => {
  it('serves pages with rate-limit headers and a chunked CSV export of every contact', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${server.url}/v1/contacts?limit=200`, { headers: auth() });
    expect(page.status).toBe(200);
    expect(page.headers.get('RateLimit-Limit')).toBe('1000');
    expect(((await page.json()) as { total: number }).total).toBe(2500);

    const exported = await fetch(`${server.url}/v1/contacts/export`, { headers: auth() });
    expect(exported.status).toBe(200);
    let bytes = 0;
    let lines = 0;
    const decoder = new TextDecoder();
    for await (const chunk of exported.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      lines += (decoder.decode(chunk, { stream: true }).match(/\r\n/g) ?? []).length;
    }
    expect(lines).toBe(2501);
    expect(bytes).toBeGreaterThan(2500 * 20);
  });

  it('413 for a body over 2 MB sent with Content-Length', async () => {
    const response = await fetch(`${server.url}/v1/contacts`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ fullName: 'x'.repeat(2_200_000), phone: '+14155550100' }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('health without a token', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
