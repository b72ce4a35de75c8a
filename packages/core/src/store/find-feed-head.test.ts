import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactsClient } from '../client/create-contacts-client.js';
import { findFeedHead } from './find-feed-head.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** A feed of `head` delete entries; counts the requests it answers. */
function serveFeed(head: number) {
  const calls = { count: 0 };
  server.use(
    http.get('http://feed.test/v1/changes', ({ request }) => {
      calls.count += 1;
      const url = new URL(request.url);
      const after = Number(url.searchParams.get('after'));
      const limit = Number(url.searchParams.get('limit'));
      const last = Math.min(head, after + limit);
      const data = [];
      for (let seq = after + 1; seq <= last; seq++) data.push({ seq, op: 'delete', id: `ct_${String(seq).padStart(12, '0')}` });
      return HttpResponse.json({ data, nextAfter: Math.max(after, last), hasMore: last < head });
    }),
  );
  return calls;
}

describe('findFeedHead', () => {
  const client = createContactsClient({ baseUrl: 'http://feed.test', token: 'sk_x' });

  it.each([0, 1, 199, 200, 201, 5_000, 1_234_567])('finds the newest seq of a feed of %i entries', async (head) => {
    const calls = serveFeed(head);
    await expect(findFeedHead(client)).resolves.toBe(head);
    // Logarithmic, not one request per 1000 entries.
    expect(calls.count).toBeLessThanOrEqual(3 + 2 * Math.ceil(Math.log2(head + 1024)));
  });

  it('starts from a known position', async () => {
    const calls = serveFeed(100_000);
    await expect(findFeedHead(client, 99_850)).resolves.toBe(100_000);
    expect(calls.count).toBe(1);
  });
});
