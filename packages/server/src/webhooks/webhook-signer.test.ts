import { verifyWebhook } from '@contacts-manager/core/webhooks';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, webhookHeaders } from './webhook-signer.js';

const body = JSON.stringify({ type: 'contact.created', timestamp: new Date().toISOString(), data: { id: 'ct_0123456789' } });
const message = { id: 'ev_0123456789abcdef', timestamp: Math.floor(Date.now() / 1000), body };

describe('webhook signer', () => {
  it('makes whsec_ secrets of 32 random bytes, never the same twice', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('signs as the standardwebhooks reference library does, and both verifiers accept it', async () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders(message, [secret]);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign(message.id, new Date(message.timestamp * 1000), body));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    await expect(verifyWebhook(body, headers, secret)).resolves.toEqual(JSON.parse(body));
  });

  it('signs with every live secret during a rotation, and either secret verifies', async () => {
    const [oldSecret, newSecret, strangerSecret] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
    const headers = webhookHeaders(message, [newSecret, oldSecret]);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      await expect(verifyWebhook(body, headers, secret)).resolves.toMatchObject({ type: 'contact.created' });
    }
    expect(() => new Webhook(strangerSecret).verify(body, headers)).toThrow();
    await expect(verifyWebhook(body, headers, strangerSecret)).rejects.toMatchObject({ code: 'webhook_invalid_signature' });
  });

  it('changes the signature when the id, the timestamp or the body changes', () => {
    const secret = generateWebhookSecret();
    const base = signWebhook(message, [secret]);
    expect(signWebhook({ ...message, id: 'ev_other0000000' }, [secret])).not.toBe(base);
    expect(signWebhook({ ...message, timestamp: message.timestamp + 1 }, [secret])).not.toBe(base);
    expect(signWebhook({ ...message, body: `${body} ` }, [secret])).not.toBe(base);
  });
});
