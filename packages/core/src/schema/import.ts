import * as z from 'zod/mini';
import { Count, ImportId, JobId, ListId, Timestamp } from './common.js';
import { EmailAddress, FullName, PhoneInput } from './contact.js';
import { JobError } from './job.js';

export const MAX_CHUNK_ROWS = 1000;
/** Rows one import may stage (422 `import_too_large` past it). */
export const MAX_IMPORT_ROWS = 5_000_000;

export const ImportStatus = z.enum(['open', 'committing', 'completed', 'failed', 'aborted']);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportCounts = z.object({
  rows: Count,
  created: Count,
  updated: Count,
  unchanged: Count,
  duplicatesInFile: Count,
  keptOptedOut: Count,
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const Import = z.object({
  id: ImportId,
  status: ImportStatus,
  listId: z.nullable(ListId),
  filename: z.nullable(z.string()),
  totalRows: z.nullable(Count),
  /** How many chunks are staged. */
  chunks: Count,
  /** The staged chunk indexes, ascending: what a resumed upload need not send again. */
  stagedChunks: z.array(Count),
  counts: ImportCounts,
  jobId: z.nullable(JobId),
  error: z.optional(JobError),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  expiresAt: Timestamp,
});
export type Import = z.infer<typeof Import>;

export const ImportCreateInput = z.strictObject({
  listId: z.optional(ListId),
  totalRows: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_IMPORT_ROWS))),
  filename: z.optional(z.string().check(z.trim(), z.maxLength(255))),
});
export type ImportCreateInput = z.input<typeof ImportCreateInput>;

/**
 * A row as the server stages it; email blank means none. `optedOut: true` adds the number to
 * the register (source `import`); false or absent changes nothing (an import never opts in).
 */
export const ImportRow = z.strictObject({
  fullName: FullName,
  phone: PhoneInput,
  email: z.pipe(
    z.pipe(
      z.optional(z.nullable(z.string())),
      z.transform((value: string | null | undefined) => (value == null || value.trim() === '' ? null : value.trim())),
    ),
    z.nullable(EmailAddress),
  ),
  optedOut: z.optional(z.boolean()),
});
export type ImportRow = z.input<typeof ImportRow>;

export const ImportChunkInput = z.strictObject({
  rows: z
    .array(ImportRow)
    .check(
      z.minLength(1, 'A chunk needs at least one row'),
      z.maxLength(MAX_CHUNK_ROWS, `A chunk holds at most ${MAX_CHUNK_ROWS} rows`),
    ),
});
export type ImportChunkInput = z.input<typeof ImportChunkInput>;

export const ImportChunkResult = z.object({ index: Count, rows: Count });
export type ImportChunkResult = z.infer<typeof ImportChunkResult>;
