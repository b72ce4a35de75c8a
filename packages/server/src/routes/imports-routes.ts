import { Hono } from 'hono';
import * as z from 'zod';
import { ImportCreateInput, ImportRow, MAX_CHUNK_ROWS, MAX_IMPORT_ROWS, queryInteger, type FieldError } from '@contacts-manager/core/schema';
import type { Context } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { Principal } from '../store/types.js';
import type { AppEnv } from '../app-env.js';
import { requirePermission } from '../middleware/auth.js';
import { checkPhones, invalid, parseBody, parseWith, readJson, toFieldErrors } from '../http/validation.js';
import type { StagedRow } from '../store/types.js';

const MAX_CHUNK_INDEX = 1_000_000;
/** Plain decimal digits, like every integer parameter: `0x10` and `%20` are 422. */
export const ChunkIndex = queryInteger(0, MAX_CHUNK_INDEX);
const ChunkEnvelope = z.strictObject({
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
    // Every bad field of the row, so one round of fixes is enough: the phone is checked
    // even when another field already failed.
    const rowErrors = parsed.success ? [] : toFieldErrors(parsed.error.issues, ['rows', index]);
    const phones = checkPhones(raw, ['phone'], defaultCountry, rowErrors, `rows.${index}.`);
    if (rowErrors.length > 0 || !parsed.success || phones.phone === undefined) {
      errors.push(...rowErrors);
      return;
    }
    staged.push({ fullName: parsed.data.fullName, phone: phones.phone, email: parsed.data.email, ...(parsed.data.optedOut ? { optedOut: true } : {}) });
  });
  if (errors.length > 0) {
    throw invalid(errors, `${new Set(errors.map((error) => error.path.split('.')[1])).size} row(s) of this chunk are invalid; nothing was staged.`);
  }
  return staged;
}

const importTooLarge = (): ApiError =>
  new ApiError(422, 'import_too_large', `An import holds at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; split the file.`);

/** An import creates and updates contacts: it needs both rights, so importing is no way around editContacts. */
function requireImportRights(principal: Principal): void {
  requirePermission(principal, 'importContacts', 'import contacts');
  requirePermission(principal, 'editContacts', 'import contacts (an import creates and changes contacts)');
}

/** The declared size, refused before the schema so the answer names the limit. */
function assertDeclaredSize(c: Context<AppEnv>): void {
  const text = c.get('bodyText');
  if (!/"totalRows"/.test(text)) return;
  try {
    const declared = (JSON.parse(text) as { totalRows?: unknown }).totalRows;
    if (typeof declared === 'number' && declared > MAX_IMPORT_ROWS) throw importTooLarge();
  } catch (error) {
    if (error instanceof ApiError) throw error;
  }
}

export function importsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/imports', async (c) => {
    const principal = c.get('principal');
    requireImportRights(principal);
    assertDeclaredSize(c);
    const input = parseBody(c, ImportCreateInput);
    const created = await c.get('services').store.imports.create(principal.account.id, input);
    c.header('Location', `/v1/imports/${created.id}`);
    return c.json(created, 201);
  });

  app.get('/imports/:id', async (c) => c.json(await c.get('services').store.imports.get(c.get('principal').account.id, c.req.param('id'))));

  app.put('/imports/:id/chunks/:index', async (c) => {
    const principal = c.get('principal');
    const { imports } = c.get('services').store;
    const id = c.req.param('id');
    // Only the staged count: the whole import (its list of staged chunks) would make an upload of
    // n chunks cost n² row reads.
    const stagedRows = await imports.stagedRows(principal.account.id, id);
    requireImportRights(principal);
    const index = parseWith(ChunkIndex, c.req.param('index'), 'The chunk index must be a whole number from 0.', ['index']);
    const body = readJson(c);
    const envelope = parseWith(ChunkEnvelope, body);
    const rows = validateChunkRows(envelope.rows, principal.account.defaultCountry);
    // Conservative on a re-sent index (its old rows count until replaced): the cap is a memory bound.
    if (stagedRows + rows.length > MAX_IMPORT_ROWS) throw importTooLarge();
    await imports.putChunk(principal.account.id, id, index, rows);
    return c.json({ index, rows: rows.length });
  });

  app.post('/imports/:id/commit', async (c) => {
    const principal = c.get('principal');
    const { store, jobs } = c.get('services');
    const { imports } = store;
    const id = c.req.param('id');
    await imports.get(principal.account.id, id);
    requireImportRights(principal);
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
