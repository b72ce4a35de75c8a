import { Hono } from 'hono';
import { ChangesQuery } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../http/api-error.js';
import { parseQuery } from '../http/validation.js';

export function changesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/changes', async (c) => {
    const { after, limit } = parseQuery(c, ChangesQuery);
    const { changes } = c.get('services').store;
    const accountId = c.get('principal').account.id;
    const floor = await changes.floor(accountId);
    // after=0 is a full sync from the start; any other cursor before the compaction point missed deletes.
    if (after > 0 && after < floor) {
      throw new ApiError(410, 'resync_required', 'Changes this old were compacted; reload the contacts and follow the feed from the newest change.', {
        extensions: { oldestAfter: floor },
      });
    }
    return c.json(await changes.page(accountId, after, limit));
  });

  return app;
}
