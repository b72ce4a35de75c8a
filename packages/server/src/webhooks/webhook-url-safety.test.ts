import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress, WebhookUrlForbiddenError } from './webhook-url-safety.js';

const strict = { allowPrivateTargets: false };
const lenient = { allowPrivateTargets: true };

describe('webhook URL safety', () => {
  it('refuses loopback, RFC 1918, unique-local, link-local, CGNAT, metadata and unspecified addresses', () => {
    for (const address of [
      '127.0.0.1', '127.8.9.10', '::1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
      'fc00::1', 'fd12:3456::1', '169.254.169.254', 'fe80::1', '100.64.0.1', '100.100.100.200',
      'fd00:ec2::254', '0.0.0.0', '::', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('accepts https URLs to public addresses', async () => {
    await expect(checkWebhookUrl('https://93.184.216.34/hooks', strict)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('https://[2606:4700:4700::1111]/hooks', strict)).resolves.toBeInstanceOf(URL);
  });

  it('refuses plain http and non-URLs', async () => {
    await expect(checkWebhookUrl('http://93.184.216.34/hooks', strict)).rejects.toThrow(/https/);
    await expect(checkWebhookUrl('ftp://93.184.216.34/hooks', strict)).rejects.toBeInstanceOf(WebhookUrlForbiddenError);
    await expect(checkWebhookUrl('not a url', strict)).rejects.toBeInstanceOf(WebhookUrlForbiddenError);
  });

  it('refuses private literals, including IPv6 brackets and IPv4-mapped forms', async () => {
    for (const url of ['https://127.0.0.1/x', 'https://[::1]:8443/x', 'https://10.0.0.8/x', 'https://[::ffff:7f00:1]/x', 'https://169.254.169.254/latest/meta-data']) {
      await expect(checkWebhookUrl(url, strict), url).rejects.toBeInstanceOf(WebhookUrlForbiddenError);
    }
  });

  it('refuses a host name that resolves to a loopback address (checked after DNS resolution)', async () => {
    await expect(checkWebhookUrl('https://localhost:8443/hooks', strict)).rejects.toThrow(/localhost \((127\.0\.0\.1|::1)\)/);
  });

  it('lets everything through, http included, with --allow-private-webhook-targets', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:9/x', lenient)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://localhost:9/x', lenient)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('ftp://127.0.0.1/x', lenient)).rejects.toBeInstanceOf(WebhookUrlForbiddenError);
  });
});
