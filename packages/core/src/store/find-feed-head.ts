// The change feed has no "current position" endpoint, so the store finds it: one page read
// for a small feed; for a long one, a galloping then binary search on `after` with 1-entry
// pages (about 2·log2(n) small requests, done once; the position is cached afterwards).
import type { ContactsClient } from '../client/types.js';

/** The newest change's `seq`; `from` (a known position) shortens the search when the store fell behind. */
export async function findFeedHead(client: ContactsClient, from = 0): Promise<number> {
  // Upserts carry whole contacts: a first page of 200 answers small feeds without getting heavy.
  const first = await client.changes.list({ after: from, limit: 200 });
  if (!first.hasMore) return Math.max(first.nextAfter, from);

  // `nextAfter` moves past entries the server leaves out (an upsert of a since-deleted
  // contact), so it, not `data`, tells whether anything follows.
  const isPastHead = async (after: number) => (await client.changes.list({ after, limit: 1 })).nextAfter <= after;
  // Invariant: entries exist after `low`; none exist after `high`.
  let low = Math.max(first.nextAfter, from);
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
