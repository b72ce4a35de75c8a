import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../../test/webhook-test-receiver.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

const request = (url: string) => ({ url, headers: { 'content-type': 'application/json', 'webhook-id': 'ev_0123456789' }, body: '{"type":"webhook.test"}' });

describe('webhook sender (real receivers on 127.0.0.1)', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function receiver(behaviour: TestReceiver['behaviour']) {
    const started = await startTestReceiver(behaviour);
    cleanups.push(() => started.close());
    return started;
  }
  function sender(options: { allowPrivateTargets: boolean; timeoutMs?: number }): WebhookSender {
    const created = createWebhookSender(options);
    cleanups.push(() => created.close());
    return created;
  }

  it('POSTs the body and headers, and a 2xx is a success with its status and duration', async () => {
    const target = await receiver('ok');
    const webhookSender = sender({ allowPrivateTargets: true });
    const startedAt = performance.now();
    const result = await webhookSender.send(request(target.url));
    const elapsedMs = performance.now() - startedAt;
    expect(result).toMatchObject({ ok: true, responseStatus: 204, error: null });
    // Whole milliseconds of this attempt: within the time the call took (as measured here).
    expect(Number.isInteger(result.durationMs)).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeLessThanOrEqual(Math.ceil(elapsedMs));
    expect(target.received).toHaveLength(1);
    expect(target.received[0]!.body).toBe('{"type":"webhook.test"}');
    expect(target.received[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'ev_0123456789' });
  });

  it('records a 500 as a failure with the status', async () => {
    const target = await receiver('fail');
    expect(await sender({ allowPrivateTargets: true }).send(request(target.url))).toMatchObject({ ok: false, responseStatus: 500, error: 'HTTP 500.' });
  });

  it('does not follow redirects', async () => {
    const target = await receiver('redirect');
    const result = await sender({ allowPrivateTargets: true }).send(request(target.url));
    expect(result).toMatchObject({ ok: false, responseStatus: 302 });
    expect(result.error).toMatch(/Redirects are not followed/);
    expect(target.received).toHaveLength(1);
  });

  it('gives up on a receiver that hangs past the timeout', async () => {
    const target = await receiver('hang');
    const result = await sender({ allowPrivateTargets: true, timeoutMs: 300 }).send(request(target.url));
    expect(result).toMatchObject({ ok: false, responseStatus: null, error: 'No answer within 0.3 s.' });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('records a receiver that closes the connection without answering', async () => {
    const target = await receiver('drop');
    expect(await sender({ allowPrivateTargets: true }).send(request(target.url))).toMatchObject({
      ok: false,
      responseStatus: null,
      error: 'The receiver closed the connection before answering.',
    });
  });

  it('records a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await sender({ allowPrivateTargets: true }).send(request(`http://127.0.0.1:${port}/`))).toMatchObject({ ok: false, error: 'Connection refused.' });
  });

  it('refuses at send time a loopback target, literal or by name, unless private targets are allowed', async () => {
    const target = await receiver('ok');
    const strict = sender({ allowPrivateTargets: false });
    const httpsLiteral = await strict.send(request(`https://127.0.0.1:${target.port}/`));
    expect(httpsLiteral).toMatchObject({ ok: false, responseStatus: null });
    expect(httpsLiteral.error).toMatch(/may not be sent to 127\.0\.0\.1/);
    const byName = await strict.send(request(`https://localhost:${target.port}/`));
    expect(byName.error).toMatch(/may not be sent to localhost/);
    expect((await strict.send(request(target.url))).error).toMatch(/https/);
    expect(target.received).toHaveLength(0);
  });
});
