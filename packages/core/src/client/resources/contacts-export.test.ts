import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContactsClient } from '../create-contacts-client.js';

const BASE = 'http://export.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const idOf = (index: number) => `ct_${String(index).padStart(12, '0')}`;

/** Answers like the server: a header row, then one line per requested id, in small chunks. */
function exportHandler(requests: string[][]) {
  return http.get(`${BASE}/v1/contacts/export`, ({ request }) => {
    const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
    requests.push(ids);
    if (ids.length > 200) return HttpResponse.json({ code: 'validation_failed' }, { status: 422 });
    const text = `Full Name,Phone,Email,Lists,Opted Out\r\n${ids.map((id) => `${id},+12015550100,,,false\r\n`).join('')}`;
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let start = 0; start < bytes.length; start += 7) controller.enqueue(bytes.slice(start, start + 7));
        controller.close();
      },
    });
    return new HttpResponse(body, { headers: { 'Content-Type': 'text/csv' } });
  });
}

describe('contacts.export', () => {
  it('splits a selection past 200 ids into several requests, streamed as one file with one header row', async () => {
    const requests: string[][] = [];
    server.use(exportHandler(requests));
    const client = createContactsClient({ baseUrl: BASE, token: 'sk_test', maxRetries: 0 });
    const ids = Array.from({ length: 450 }, (_, index) => idOf(index));
    const text = await new Response(await client.contacts.export({ ids })).text();
    expect(requests.map((batch) => batch.length)).toEqual([200, 200, 50]);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Full Name,Phone,Email,Lists,Opted Out');
    expect(lines.filter((line) => line.startsWith('Full Name'))).toHaveLength(1);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(ids);
  });

  it('sends a small selection, or none, in one request', async () => {
    const requests: string[][] = [];
    server.use(exportHandler(requests));
    const client = createContactsClient({ baseUrl: BASE, token: 'sk_test', maxRetries: 0 });
    await new Response(await client.contacts.export({ ids: [idOf(1), idOf(2)] })).text();
    await new Response(await client.contacts.export({ q: 'ada' })).text();
    expect(requests).toEqual([[idOf(1), idOf(2)], []]);
  });
});
