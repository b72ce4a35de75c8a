import { Hono } from 'hono';
import * as z from 'zod';
import { ImportCreateInput, ImportRow, MAX_CHUNK_ROWS, type FieldError } from '@contacts-manager/core/schema';
import { normalizePhone } from '@contacts-manager/core/phone';
import type { AppEnv } from '../app-env.js';
import { requirePermission } from '../middleware/auth.js';
import { gzipRequestBody } from '../middleware/gzip-request-body.js';
import { validationFailed } from '../http/api-error.js';
import { parseBody, parseWith, readJson, toFieldErrors } from '../http/validation.js';
import type { StagedRow } from '../store/types.js';

const MAX_CHUNK_INDEX = 1_000_000;
const ChunkIndex = z.coerce.number().int().min(0).max(MAX_CHUNK_INDEX);
const ChunkEnvelope = z.object({
  rows: z
    .array(z.unknown())
    .min(1, 'A chunk needs at least one row')
    .max(MAX_CHUNK_ROWS, `A chunk holds at most ${MAX_CHUNK_ROWS} rows`),
});

/**
 * Re-validates every row of a chunk (the server never trusts the client's validation) and
 * reports every bad row at once, with 0-based paths like `rows.3.phone`.
 */
function validateChunkRows(rows: readonly unknown[], defaultCountry: string): StagedRow[] {
  const errors: FieldError[] = [];
  const staged: StagedRow[] = [];
  rows.forEach((raw, index) => {
    const parsed = z.safeParse(ImportRow, raw);
    const rowErrors = parsed.success ? [] : toFieldErrors(parsed.error.issues, ['rows', index]);
    // Every bad field of the row, so one round of fixes is enough: the phone is checked
    // even when another field already failed.
    const phoneText = raw !== null && typeof raw === 'object' && 'phone' in raw && typeof raw.phone === 'string' ? raw.phone : null;
    const phone = phoneText === null ? null : normalizePhone(phoneText, defaultCountry);
    if (phone && !phone.ok && !rowErrors.some((error) => error.path === `rows.${index}.phone`)) {
      rowErrors.push({ path: `rows.${index}.phone`, code: 'invalid_phone', message: phone.message });
    }
    if (rowErrors.length > 0 || !parsed.success || !phone?.ok) {
      errors.push(...rowErrors);
      return;
    }
    staged.push({ fullName: parsed.data.fullName, phone: phone.e164, email: parsed.data.email });
  });
  if (errors.length > 0) {
    throw validationFailed(errors, `${new Set(errors.map((error) => error.path.split('.')[1])).size} row(s) of this chunk are invalid; nothing was staged.`);
  }
  return staged;
}

export function importsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/imports', async (c) => {
    const principal = c.get('principal');
    requirePermission(principal, 'importContacts', 'import contacts');
    const input = await parseBody(c, ImportCreateInput);
    const created = await c.get('services').store.imports.create(principal.account.id, input);
    c.header('Location', `/v1/imports/${created.id}`);
    return c.json(created, 201);
  });

  app.get('/imports/:id', async (c) => c.json(await c.get('services').store.imports.get(c.get('principal').account.id, c.req.param('id'))));

  app.use('/imports/:id/chunks/:index', gzipRequestBody());
  app.put('/imports/:id/chunks/:index', async (c) => {
    const principal = c.get('principal');
    const { imports } = c.get('services').store;
    const id = c.req.param('id');
    await imports.get(principal.account.id, id);
    requirePermission(principal, 'importContacts', 'import contacts');
    const index = parseWith(ChunkIndex, c.req.param('index'), 'The chunk index must be a whole number from 0.');
    const body = await readJson(c);
    const envelope = parseWith(ChunkEnvelope, body);
    const rows = validateChunkRows(envelope.rows, principal.account.defaultCountry);
    await imports.putChunk(principal.account.id, id, index, rows);
    return c.json({ index, rows: rows.length });
  });

  app.post('/imports/:id/commit', async (c) => {
    const principal = c.get('principal');
    const { store, jobs } = c.get('services');
    const { imports } = store;
    const id = c.req.param('id');
    await imports.get(principal.account.id, id);
    requirePermission(principal, 'importContacts', 'import contacts');
    const job = await store.transaction(async (tx) => {
      const { stagedRows } = await tx.imports.beginCommit(principal.account.id, id);
      const started = await jobs.startImportCommit(tx, principal.account.id, id, stagedRows);
      await tx.imports.attachJob(id, started.id);
      return started;
    });
    c.header('Location', `/v1/jobs/${job.id}`);
    return c.json(job, 202);
  });

  app.delete('/imports/:id', async (c) => {
    const principal = c.get('principal');
    const { imports } = c.get('services').store;
    const id = c.req.param('id');
    await imports.get(principal.account.id, id);
    requirePermission(principal, 'importContacts', 'import contacts');
    await imports.abort(principal.account.id, id);
    return c.body(null, 204);
  });

  return app;
}
