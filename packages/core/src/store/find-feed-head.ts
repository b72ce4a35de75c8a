// The change feed has no "current position" endpoint, so the store finds it: one page read
// for a small feed; for a long one, a galloping then binary search on `after` with 1-entry
// pages (about 2·log2(n) small requests, done once; the position is cached afterwards).
import type { ContactsClient } from '../client/types.js';

export async function findFeedHead(client: ContactsClient, signal?: AbortSignal): Promise<number> {
  const first = await client.changes.list({ after: 0, limit: 1000 }, { signal });
  const lastSeq = first.data[first.data.length - 1]?.seq ?? 0;
  if (!first.hasMore) return Math.max(first.nextAfter, lastSeq);

  const isPastHead = async (after: number) =>
    (await client.changes.list({ after, limit: 1 }, { signal })).data.length === 0;
  // Invariant: entries exist after `low`; none exist after `high`.
  let low = lastSeq;
  let step = 1024;
  let high = low + step;
  while (!(await isPastHead(high))) {
    low = high;
    step *= 2;
    high = low + step;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await isPastHead(middle)) high = middle;
    else low = middle;
  }
  return high;
}
