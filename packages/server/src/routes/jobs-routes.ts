import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { notFound } from '../http/api-error.js';

export function jobsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/jobs/:id', async (c) => {
    const job = await c.get('services').jobs.get(c.get('principal').account.id, c.req.param('id'));
    if (!job) throw notFound('Job');
    return c.json(job);
  });
  return app;
}
