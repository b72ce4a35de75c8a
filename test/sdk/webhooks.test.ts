// cm.webhookEndpoints and `contacts-manager webhooks` against the reference server, with a
// real receiver on 127.0.0.1 and verifyWebhook on the receiving side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NotFoundError,
  PermissionError,
  ValidationError,
  type WebhookDelivery,
} from '@contacts-manager/core';
import { verifyWebhook } from '@contacts-manager/core/webhooks';
import { runCli } from '../../packages/core/src/cli/run-cli.js';
import {
  startTestReceiver,
  type TestReceiver,
} from '../../packages/server/test/webhook-test-receiver.js';
import { startTestServer, type TestAccount, type TestServer } from './test-server.js';

let server: TestServer;
let acme: TestAccount;
let receiver: TestReceiver;

beforeAll(async () => {
  server = await startTestServer({
    webhooks: { allowPrivateTargets: true, retryScheduleSeconds: [0.1, 0.2], pollIntervalMs: 50 },
  });
  acme = await server.newAccount('Acme');
  receiver = await startTestReceiver('ok');
});
afterAll(async () => {
  await receiver.close();
  await server.close();
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output = (append: (text: string) => void) => ({
    write: (chunk: string | Uint8Array) => (
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()),
      true
    ),
  });
  const code = await runCli(argv, {
    stdout: output((text) => (stdout += text)),
    stderr: output((text) => (stderr += text)),
    env: { CONTACTS_BASE_URL: server.url, CONTACTS_TOKEN: acme.secretKey },
  });
  return { code, stdout, stderr };
}

describe('cm.webhookEndpoints', () => {
  it('creates, reads, lists, updates, tests, rotates and deletes an endpoint; the receiver verifies with verifyWebhook', async () => {
    const cm = acme.client;
    const created = await cm.webhookEndpoints.create({
      url: receiver.url,
      events: ['contact.created'],
      description: 'CRM sync',
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(await cm.webhookEndpoints.get(created.id)).toMatchObject({
      id: created.id,
      description: 'CRM sync',
      status: 'enabled',
    });
    const listed = [];
    for await (const endpoint of cm.webhookEndpoints.iterate()) listed.push(endpoint.id);
    expect(listed).toContain(created.id);

    const contact = await cm.contacts.create({
      fullName: 'Ada Lovelace',
      phone: '+14155550100',
      email: 'ada@example.com',
    });
    await receiver.waitFor((accepted) =>
      accepted.some((request) => request.body.includes(contact.id)),
    );
    const request = receiver.accepted.find((candidate) => candidate.body.includes(contact.id))!;
    const event = await verifyWebhook(request.body, request.headers, created.secret);
    expect(event.type).toBe('contact.created');
    if (event.type === 'contact.created')
      expect(event.data).toMatchObject({ id: contact.id, email: 'ada@example.com', version: 1 });

    const test = await cm.webhookEndpoints.test(created.id);
    expect(test).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    await receiver.waitFor((accepted) =>
      accepted.some((candidate) => candidate.headers['webhook-id'] === test.eventId),
    );
    const deliveries = await cm.webhookEndpoints.deliveries(created.id, { limit: 1 });
    expect(deliveries.data).toHaveLength(1);
    expect(deliveries.nextCursor).not.toBeNull();
    const retried: WebhookDelivery = await cm.webhookEndpoints.retry(
      created.id,
      deliveries.data[0]!.id,
    );
    expect(retried.id).toBe(deliveries.data[0]!.id);

    const { secret } = await cm.webhookEndpoints.rotateSecret(created.id, { expiresInSeconds: 60 });
    expect(secret).not.toBe(created.secret);
    expect(await cm.webhookEndpoints.update(created.id, { status: 'disabled' })).toMatchObject({
      status: 'disabled',
    });
    await cm.webhookEndpoints.delete(created.id);
    await expect(cm.webhookEndpoints.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('maps refusals to typed errors: invalid input, and a user without manageWebhooks', async () => {
    await expect(
      acme.client.webhookEndpoints.create({ url: 'not a url', events: ['*'] }),
    ).rejects.toBeInstanceOf(ValidationError);
    const agent = await acme.client.users.create({ name: 'Agent', role: 'agent' });
    const session = await acme.client.sessions.create({ userId: agent.id });
    await expect(
      acme.clientWith({ token: session.token }).webhookEndpoints.list(),
    ).rejects.toBeInstanceOf(PermissionError);
  });
});

describe('contacts-manager webhooks', () => {
  it('creates, lists, tests, shows deliveries, retries and deletes, with exit code 0', async () => {
    const created = await cli([
      'webhooks',
      'create',
      receiver.url,
      '--events',
      'contact.deleted,contact.opted_out',
      '--description',
      'Help desk',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = /^(we_\w+)/.exec(created.stdout)![1]!;
    expect(created.stdout).toMatch(/secret: whsec_/);
    expect(created.stdout).toContain('[contact.deleted, contact.opted_out]');

    const listed = await cli(['webhooks', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    const tested = await cli(['webhooks', 'test', id]);
    expect(tested.code).toBe(0);
    const eventId = /event (ev_\w+)/.exec(tested.stdout)![1]!;
    await receiver.waitFor((accepted) =>
      accepted.some((request) => request.headers['webhook-id'] === eventId),
    );

    let deliveries;
    do deliveries = await cli(['webhooks', 'deliveries', id, '--status', 'succeeded', '--json']);
    while (deliveries.stdout === '');
    const delivery = JSON.parse(deliveries.stdout.trim().split('\n')[0]!) as WebhookDelivery;
    expect(delivery).toMatchObject({ eventId, eventType: 'webhook.test', status: 'succeeded' });
    expect(
      (await cli(['--token', acme.secretKey, 'webhooks', 'retry', id, delivery.id])).code,
    ).toBe(0);

    // rotate-secret prints the new secret; until the old one expires both sign each delivery.
    const oldSecret = /secret: (whsec_\S+)/.exec(created.stdout)![1]!;
    const rotated = await cli(['webhooks', 'rotate-secret', id, '--expires-in', '600']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const newSecret = /secret: (whsec_\S+)/.exec(rotated.stdout)![1]!;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.stderr).toMatch(/old one too for 600 s/);
    const afterRotation = /event (ev_\w+)/.exec((await cli(['webhooks', 'test', id])).stdout)![1]!;
    await receiver.waitFor((accepted) =>
      accepted.some((request) => request.headers['webhook-id'] === afterRotation),
    );
    const signed = receiver.accepted.find(
      (request) => request.headers['webhook-id'] === afterRotation,
    )!;
    expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect((await verifyWebhook(signed.body, signed.headers, secret)).type).toBe('webhook.test');
    }

    const disabled = await cli(['webhooks', 'disable', id]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(new RegExp(`^${id} .* disabled`));
    expect((await acme.client.webhookEndpoints.get(id)).status).toBe('disabled');
    const enabled = await cli(['webhooks', 'enable', id]);
    expect(enabled.stdout).toMatch(/ enabled/);
    expect((await acme.client.webhookEndpoints.get(id)).status).toBe('enabled');
    expect((await cli(['webhooks', 'delete', id])).code).toBe(0);
  });

  it('exits 1 on usage errors and 3 on API errors, with a sentence', async () => {
    const unknown = await cli(['webhooks', 'explode']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown webhooks command "explode"/);
    expect((await cli(['webhooks', 'deliveries', 'we_x', '--status', 'maybe'])).code).toBe(1);
    expect((await cli(['webhooks', 'create'])).code).toBe(1);
    const badExpiry = await cli(['webhooks', 'rotate-secret', 'we_x', '--expires-in', 'soon']);
    expect(badExpiry.code).toBe(1);
    expect(badExpiry.stderr).toMatch(/--expires-in is a whole number of seconds, not "soon"/);
    const missing = await cli(['webhooks', 'delete', 'we_00000000000000000000000000']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/API error \(HTTP 404\) \[not_found\]/);
    const invalid = await cli([
      'webhooks',
      'create',
      'https://example.invalid/x',
      '--events',
      'contact.exploded',
    ]);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toMatch(/events\.0/);
  });
});
