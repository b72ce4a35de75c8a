// The runner as a browser runs it: a File, with resumable state in IndexedDB.
import 'fake-indexeddb/auto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContactsClient } from '../../src/client/index.js';
import { runImport } from '../../src/import/run-import.js';
import {
  generateContactsCsv,
  startFaultProxy,
  startTestServer,
  type FaultProxy,
  type TestServer,
} from './test-server.js';

describe('runImport with browser sources', () => {
  let server: TestServer;
  let proxy: FaultProxy | null = null;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
    await server.close();
  });

  it('a File import interrupted by a lost network resumes from IndexedDB after a "reload"', async () => {
    const { csv, validPhones } = generateContactsCsv(3_000);
    const file = new File([csv], 'contacts.csv', {
      type: 'text/csv',
      lastModified: 1_700_000_000_000,
    });
    let puts = 0;
    let offlineAfter = 5;
    proxy = await startFaultProxy(server.url, (method) =>
      method === 'PUT' && ++puts > offlineAfter ? 'drop-before' : 'pass',
    );
    const client = createContactsClient({
      baseUrl: proxy.url,
      token: server.secretKey,
      maxRetries: 0,
    });
    await expect(
      runImport(client, file, { chunkSize: 200, concurrency: 1, maxAttempts: 1 }),
    ).rejects.toMatchObject({ code: 'network_error' });

    offlineAfter = Infinity;
    puts = 0;
    // A new client, as after a page reload; the same file picked again.
    const again = createContactsClient({ baseUrl: proxy.url, token: server.secretKey });
    const result = await runImport(
      again,
      new File([csv], 'contacts.csv', { lastModified: 1_700_000_000_000 }),
      { chunkSize: 200 },
    );
    expect(result.resumed).toBe(true);
    expect(result.chunks.alreadyStaged).toBe(5);
    expect(puts).toBe(10);
    expect(result.counts.created).toBe(validPhones.length);
    expect((await again.contacts.list({ limit: 1 })).total).toBe(3_000);
  }, 30_000);

  it('a one-shot stream is read once and its valid rows kept for the upload', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const { csv } = generateContactsCsv(1_500, { badEvery: 500 });
    const bytes = Buffer.from(csv);
    const stream = Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
    const result = await runImport(client, stream, { onlyValid: true, chunkSize: 400 });
    expect(result.counts.created).toBe(1_497);
    expect(result.skippedInvalidRows).toBe(3);
  });
});
