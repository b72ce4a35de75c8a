// At least once across a crash: an event recorded with its change reaches the receiver after
// the server is killed (SIGKILL) before delivering it, and started again on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestReceiver } from './webhook-test-receiver.js';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const NODE_ARGS = ['--conditions=@contacts-manager/source', '--import', import.meta.resolve('tsx'), CLI];
const dir = mkdtempSync(join(tmpdir(), 'contacts-webhooks-'));
/** Every server started, so none outlives a failed or timed-out test. */
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, '--port', '0', '--db', join(dir, 'contacts.db'), '--allow-private-webhook-targets', '--webhook-retry-schedule', '1,1,1,1,1,1,1,1'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CONTACTS_SECRET_KEY: '' } },
  );
  children.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8');
  while (!/agent user:.*\n/.test(output)) output += ((await once(child.stdout!, 'data')) as [string])[0];
  return { child, url: /listening on (http:\/\/\S+)/.exec(output)![1]!, key: /demo secret key:\s+(sk_\w+)/.exec(output)![1]! };
}

describe('webhook delivery across a crash', () => {
  it('delivers, after a restart, an event whose server was killed before delivering it', async () => {
    const receiver = await startTestReceiver('fail');
    try {
      const first = await startServer();
      const call = (path: string, body: unknown) =>
        fetch(`${first.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${first.key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const endpoint = (await (await call('/v1/webhook-endpoints', { url: receiver.url, events: ['contact.created'] })).json()) as { secret: string };
      const contact = (await (await call('/v1/contacts', { fullName: 'Survivor', phone: '+14155550500' })).json()) as { id: string };
      // The receiver refuses the first attempt; the server dies before the retry.
      while (receiver.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
      const attemptsBeforeCrash = receiver.received.length;
      const eventId = receiver.received[0]!.headers['webhook-id'];

      receiver.behaviour = 'ok';
      const second = await startServer();
      try {
        await receiver.waitFor((accepted) => accepted.length >= 1);
        const delivered = receiver.accepted[0]!;
        expect(receiver.received.length).toBeGreaterThan(attemptsBeforeCrash);
        expect(delivered.headers['webhook-id']).toBe(eventId);
        expect(new Webhook(endpoint.secret).verify(delivered.body, delivered.headers)).toMatchObject({ type: 'contact.created', data: { id: contact.id } });
      } finally {
        second.child.kill('SIGTERM');
        await once(second.child, 'exit');
      }
    } finally {
      await receiver.close();
    }
  });
});
