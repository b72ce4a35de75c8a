import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  InvalidWebhookPayloadError,
  InvalidWebhookSignatureError,
  MissingWebhookHeadersError,
  StaleWebhookTimestampError,
  WebhookVerificationError,
  verifyWebhook,
} from './index.js';

const secret = `whsec_${Buffer.from('an endpoint secret of 32 bytes!!').toString('base64')}`;
const otherSecret = `whsec_${Buffer.from('another endpoint secret, 32 byte').toString('base64')}`;
const body = JSON.stringify({
  type: 'contact.updated',
  timestamp: '2026-01-02T03:04:05.000Z',
  data: { id: 'ct_0123456789', fullName: 'Ada Lovelace', phone: '+14155550100', email: 'ada@example.com', version: 3 },
});

/** Headers as the Standard Webhooks reference library signs them. */
function signedByReferenceLibrary(payload: string, key = secret, at = new Date(), id = 'ev_0123456789abcdef') {
  const signature = new Webhook(key).sign(id, at, payload);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

describe('verifyWebhook', () => {
  it('accepts a request signed by the standardwebhooks library and returns the typed event', async () => {
    const headers = signedByReferenceLibrary(body);
    const event = await verifyWebhook(body, headers, secret);
    expect(event.type).toBe('contact.updated');
    if (event.type === 'contact.updated') expect(event.data.email).toBe('ada@example.com');
    // The same with fetch Headers and with the body as bytes.
    await expect(verifyWebhook(new TextEncoder().encode(body), new Headers(headers), secret)).resolves.toEqual(event);
  });

  it('agrees with the reference library on what it accepts and refuses', async () => {
    const headers = signedByReferenceLibrary(body);
    const reference = new Webhook(secret);
    expect(reference.verify(body, headers)).toEqual(await verifyWebhook(body, headers, secret));
    const tampered = body.replace('Ada', 'Eve');
    expect(() => reference.verify(tampered, headers)).toThrow();
    await expect(verifyWebhook(tampered, headers, secret)).rejects.toBeInstanceOf(InvalidWebhookSignatureError);
  });

  it('accepts either secret during a rotation (several signatures in the header)', async () => {
    const at = new Date();
    const oldSigned = signedByReferenceLibrary(body, otherSecret, at);
    const newSigned = signedByReferenceLibrary(body, secret, at);
    const headers = { ...newSigned, 'webhook-signature': `${oldSigned['webhook-signature']} ${newSigned['webhook-signature']}` };
    await expect(verifyWebhook(body, headers, secret)).resolves.toMatchObject({ type: 'contact.updated' });
    await expect(verifyWebhook(body, headers, otherSecret)).resolves.toMatchObject({ type: 'contact.updated' });
    new Webhook(otherSecret).verify(body, headers);
  });

  it('refuses a body signed with another secret, with a stable code', async () => {
    const headers = signedByReferenceLibrary(body, otherSecret);
    const error = await verifyWebhook(body, headers, secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidWebhookSignatureError);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe('webhook_invalid_signature');
  });

  it('refuses a timestamp outside the tolerance, in the past or the future', async () => {
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    const stale = signedByReferenceLibrary(body, secret, tenMinutesAgo);
    await expect(verifyWebhook(body, stale, secret)).rejects.toBeInstanceOf(StaleWebhookTimestampError);
    await expect(verifyWebhook(body, stale, secret, { toleranceSeconds: 900 })).resolves.toMatchObject({ type: 'contact.updated' });
    const future = signedByReferenceLibrary(body, secret, new Date(Date.now() + 600_000));
    await expect(verifyWebhook(body, future, secret)).rejects.toMatchObject({ code: 'webhook_stale_timestamp' });
  });

  it('names the missing headers', async () => {
    const headers: Record<string, string> = signedByReferenceLibrary(body);
    delete headers['webhook-signature'];
    headers['webhook-id'] = '';
    const error = await verifyWebhook(body, headers, secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingWebhookHeadersError);
    expect((error as MissingWebhookHeadersError).missing).toEqual(['webhook-id', 'webhook-signature']);
  });

  it('refuses a signed body that is not an event', async () => {
    const payload = '[1,2,3]';
    await expect(verifyWebhook(payload, signedByReferenceLibrary(payload), secret)).rejects.toBeInstanceOf(InvalidWebhookPayloadError);
  });

  it('ignores signatures of unknown versions and malformed entries', async () => {
    const headers = signedByReferenceLibrary(body);
    const value = headers['webhook-signature'].slice(3);
    await expect(verifyWebhook(body, { ...headers, 'webhook-signature': `v2,${value} v1 garbage` }, secret)).rejects.toBeInstanceOf(
      InvalidWebhookSignatureError,
    );
  });
});
