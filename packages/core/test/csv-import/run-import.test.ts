import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContactsClient, type ContactsClient } from '../../src/client/index.js';
import type { CsvSourceProvider } from '../../src/csv/csv-source.js';
import { csvFile } from '../../src/csv/node.js';
import { ImportValidationError } from '../../src/import/import-errors.js';
import { runImport } from '../../src/import/run-import.js';
import {
  generateContactsCsv,
  startFaultProxy,
  startTestServer,
  type Fault,
  type FaultProxy,
  type TestServer,
} from './test-server.js';

async function phonesInAccount(client: ContactsClient): Promise<string[]> {
  const phones: string[] = [];
  for await (const contact of client.contacts.iterate({ limit: 200 })) phones.push(contact.phone);
  return phones.sort();
}

// Each test drives a real server and a real import: under a shared machine's load one can take
// several times its usual second, so the default 5 s would fail a correct run.
describe('runImport against the real server', { timeout: 60_000 }, () => {
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

  it('refuses a file with errors before sending anything, and imports only the valid rows when asked', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const { csv, validPhones } = generateContactsCsv(2_500, { badEvery: 100 });
    const failed = runImport(client, csv, { chunkSize: 500 });
    await expect(failed).rejects.toBeInstanceOf(ImportValidationError);
    const error = (await failed.catch((caught: unknown) => caught)) as ImportValidationError;
    expect(error.report.counts).toMatchObject({ invalid: 25, valid: 2_475 });
    expect(error.report.problems[0]).toMatchObject({
      line: 101,
      column: 'Phone',
      value: '12-34',
      code: 'invalid_phone',
    });
    expect((await client.contacts.list({ limit: 1 })).total).toBe(0);

    const list = await client.lists.create({ name: 'Imported' });
    // Through the client's own entry point, which loads the runner lazily.
    const result = await client.imports.run(csv, {
      chunkSize: 500,
      onlyValid: true,
      listId: list.id,
    });
    expect(result.counts).toMatchObject({ rows: 2_475, created: 2_475 });
    expect(result.skippedInvalidRows).toBe(25);
    expect(await phonesInAccount(client)).toEqual([...validPhones].sort());
    expect((await client.contacts.list({ listId: list.id, limit: 1 })).total).toBe(2_475);
  });

  it('imports every valid row exactly once through 500s, 429s, timeouts and dropped connections', async () => {
    let chunkRequests = 0;
    let commits = 0;
    proxy = await startFaultProxy(server.url, (method, path): Fault => {
      if (method === 'PUT' && path.includes('/chunks/')) {
        chunkRequests++;
        if (chunkRequests === 4) return 'status-429';
        if (chunkRequests === 9) return 'stall';
        if (chunkRequests % 5 === 1) return 'status-500';
        if (chunkRequests % 7 === 3) return 'drop-after';
        if (chunkRequests % 11 === 5) return 'drop-before';
      }
      if (method === 'POST' && path.endsWith('/commit') && ++commits === 1) return 'drop-after';
      return 'pass';
    });
    const client = createContactsClient({
      baseUrl: proxy.url,
      token: server.secretKey,
      maxRetries: 1,
      timeoutMs: 1_500,
    });
    const { csv, validPhones } = generateContactsCsv(6_000);
    const result = await runImport(client, csv, {
      chunkSize: 250,
      concurrency: 3,
      defaultCountry: 'US',
    });
    expect(proxy.faults['status-500']).toBeGreaterThan(0);
    expect(proxy.faults['drop-after']).toBeGreaterThan(1);
    expect(proxy.faults['drop-before']).toBeGreaterThan(0);
    expect(proxy.faults['status-429']).toBe(1);
    expect(proxy.faults.stall).toBe(1);
    expect(result.counts).toMatchObject({ rows: 6_000, created: 6_000, updated: 0 });
    const direct = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    expect(await phonesInAccount(direct)).toEqual([...validPhones].sort());
  }, 60_000);

  it('resumes after a stop: only unacknowledged chunks are sent again, nothing is imported twice', async () => {
    const path = join(server.dir, 'contacts.csv');
    const { csv, validPhones } = generateContactsCsv(5_000);
    writeFileSync(path, csv);
    let chunkPuts = 0;
    let failFrom = 8;
    proxy = await startFaultProxy(server.url, (method, requestPath): Fault => {
      if (method === 'PUT' && requestPath.includes('/chunks/')) {
        chunkPuts++;
        if (chunkPuts >= failFrom) return 'drop-before';
      }
      return 'pass';
    });
    const client = createContactsClient({
      baseUrl: proxy.url,
      token: server.secretKey,
      maxRetries: 0,
    });
    // The network goes away after 7 chunks: the run gives up, leaving state beside the file.
    await expect(
      runImport(client, csvFile(path), { chunkSize: 250, concurrency: 1, maxAttempts: 1 }),
    ).rejects.toMatchObject({ code: 'network_error' });
    const state = JSON.parse(readFileSync(`${path}.import-state.json`, 'utf8')) as {
      acknowledgedChunks: number[];
      importId: string;
    };
    expect(state.acknowledgedChunks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await client.contacts.list({ limit: 1 })).total).toBe(0);

    failFrom = Infinity;
    chunkPuts = 0;
    const result = await runImport(client, path, { chunkSize: 250, concurrency: 2 });
    expect(result.resumed).toBe(true);
    expect(result.importId).toBe(state.importId);
    expect(result.chunks).toEqual({ total: 20, uploaded: 13, alreadyStaged: 7 });
    expect(chunkPuts).toBe(13);
    expect(result.counts).toMatchObject({ rows: 5_000, created: 5_000 });
    expect(existsSync(`${path}.import-state.json`)).toBe(false);
    expect(await phonesInAccount(client)).toEqual([...validPhones].sort());
  }, 60_000);

  it('cancelling with resume: false deletes the server import', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const controller = new AbortController();
    const { csv } = generateContactsCsv(3_000);
    let importId = '';
    const run = runImport(client, csv, {
      chunkSize: 100,
      concurrency: 1,
      resume: false,
      signal: controller.signal,
      onProgress: (progress) => {
        importId = progress.importId ?? importId;
        if (progress.phase === 'uploading' && progress.chunksUploaded === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(importId).not.toBe('');
    await expect(client.imports.get(importId)).resolves.toMatchObject({ status: 'aborted' });
    expect((await client.contacts.list({ limit: 1 })).total).toBe(0);
  });

  it('export → import round-trips, formula-looking names included', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const names = [
      '=HYPERLINK("x")',
      '+Plus Person',
      '-Minus Person',
      '@At Person',
      'Zoë 🎉',
      'Smith, John "Jack"',
    ];
    const csv = `Full Name,Phone,Email\n${names.map((name, index) => `"${name.replace(/"/g, '""')}",+1415555${String(index).padStart(4, '0')},p${index}@example.com`).join('\n')}\n`;
    expect((await runImport(client, csv)).counts.created).toBe(names.length);

    const exported = await new Response(await client.contacts.export()).text();
    expect(exported).toContain("'=HYPERLINK");
    const again = await runImport(client, exported);
    expect(again.counts).toMatchObject({
      rows: names.length,
      created: 0,
      updated: 0,
      unchanged: names.length,
    });
    const stored = [];
    for await (const contact of client.contacts.iterate()) stored.push(contact.fullName);
    expect(stored.sort()).toEqual([...names].sort());
  });

  it('sends chunks gzip-encoded, with optedOut: true on the rows the file marks as opted out', async () => {
    const { gunzipSync } = await import('node:zlib');
    const sent: { encoding: string | null; rows: unknown[] }[] = [];
    const spyFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'PUT' && request.url.includes('/chunks/')) {
        const bytes = Buffer.from(await request.clone().arrayBuffer());
        const encoding = request.headers.get('Content-Encoding');
        const json =
          encoding === 'gzip' ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        sent.push({ encoding, rows: (JSON.parse(json) as { rows: unknown[] }).rows });
      }
      return fetch(request);
    };
    const client = createContactsClient({
      baseUrl: server.url,
      token: server.secretKey,
      fetch: spyFetch,
    });
    const csv =
      'Full Name,Phone,Email,Lists,Opted Out\r\nOpted,+14155550170,,,yes\r\nStill In,+14155550171,,,no\r\n';
    const result = await runImport(client, csv);
    expect(result.counts).toMatchObject({ rows: 2, created: 2 });
    expect(sent).toEqual([
      {
        encoding: 'gzip',
        rows: [
          { fullName: 'Opted', phone: '+14155550170', email: null, optedOut: true },
          { fullName: 'Still In', phone: '+14155550171', email: null },
        ],
      },
    ]);
  });

  it('reads a file once: the chunks sent are the ones the validation pass kept, unless compression is off', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const { csv, validPhones: phones } = generateContactsCsv(2_500);
    const counted = (): { source: CsvSourceProvider; opens: () => number } => {
      let opens = 0;
      return {
        source: {
          name: 'contacts.csv',
          open: () => {
            opens++;
            return new Blob([csv]).stream();
          },
        },
        opens: () => opens,
      };
    };
    const once = counted();
    const result = await runImport(client, once.source, { resume: false, chunkSize: 1000 });
    expect(once.opens()).toBe(1);
    expect(result.chunks).toEqual({ total: 3, uploaded: 3, alreadyStaged: 0 });
    expect(await phonesInAccount(client)).toEqual([...phones].sort());

    const twice = counted();
    const again = await runImport(client, twice.source, { resume: false, compress: false });
    expect(twice.opens()).toBe(2);
    expect(again.counts).toMatchObject({ rows: 2_500, created: 0, unchanged: 2_500 });
  });

  it('a server that refuses gzip (415) gets the same chunks as plain JSON', async () => {
    const bodies: { encoding: string | null; rows: number }[] = [];
    const refusingGzip: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'PUT' && request.url.includes('/chunks/')) {
        const encoding = request.headers.get('Content-Encoding');
        if (encoding === 'gzip') {
          bodies.push({ encoding, rows: 0 });
          return new Response(
            JSON.stringify({
              type: 'about:blank',
              title: 'Unsupported',
              status: 415,
              code: 'unsupported_media_type',
              detail: 'No gzip here.',
            }),
            { status: 415, headers: { 'Content-Type': 'application/problem+json' } },
          );
        }
        const json = (await request.clone().json()) as { rows: unknown[] };
        bodies.push({ encoding, rows: json.rows.length });
      }
      return fetch(request);
    };
    const client = createContactsClient({
      baseUrl: server.url,
      token: server.secretKey,
      fetch: refusingGzip,
    });
    const { csv, validPhones: phones } = generateContactsCsv(1_500);
    const result = await runImport(client, csv, { resume: false, concurrency: 1 });
    expect(result.counts).toMatchObject({ rows: 1_500, created: 1_500 });
    expect(bodies).toEqual([
      { encoding: 'gzip', rows: 0 },
      { encoding: null, rows: 1000 },
      { encoding: null, rows: 500 },
    ]);
    expect(await phonesInAccount(client)).toEqual([...phones].sort());
  });

  it('a state store that cannot be written makes the import non-resumable, not failed', async () => {
    const client = createContactsClient({ baseUrl: server.url, token: server.secretKey });
    const failing = {
      load: async () => undefined,
      save: async () => {
        throw new Error('read-only');
      },
      clear: async () => {
        throw new Error('read-only');
      },
    };
    const result = await runImport(client, generateContactsCsv(300).csv, {
      chunkSize: 100,
      stateStore: failing,
    });
    expect(result.counts.created).toBe(300);
  });
});
