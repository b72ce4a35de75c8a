import * as z from 'zod';
import { ImportId, JobId, ListId, Timestamp } from './common.js';
import { FullName, PhoneInput } from './contact.js';
import { JobError } from './job.js';

export const MAX_CHUNK_ROWS = 1000;

export const ImportStatus = z.enum(['open', 'committing', 'completed', 'failed', 'aborted']);
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportCounts = z.object({
  rows: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  duplicatesInFile: z.number().int().min(0),
  keptOptedOut: z.number().int().min(0),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const Import = z.object({
  id: ImportId,
  status: ImportStatus,
  listId: ListId.nullable(),
  filename: z.string().nullable(),
  totalRows: z.number().int().min(0).nullable(),
  /** How many chunks are staged. */
  chunks: z.number().int().min(0),
  /** The staged chunk indexes, ascending: what a resumed upload need not send again. */
  stagedChunks: z.array(z.number().int().min(0)),
  counts: ImportCounts,
  jobId: JobId.nullable(),
  error: JobError.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  expiresAt: Timestamp,
});
export type Import = z.infer<typeof Import>;

export const ImportCreateInput = z.object({
  listId: ListId.optional(),
  totalRows: z.number().int().min(0).max(100_000_000).optional(),
  filename: z.string().trim().max(255).optional(),
});
export type ImportCreateInput = z.input<typeof ImportCreateInput>;

/** A row as the server stages it; email blank means none. */
export const ImportRow = z.object({
  fullName: FullName,
  phone: PhoneInput,
  email: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (value == null || value.trim() === '' ? null : value.trim()))
    .pipe(z.email({ error: 'Enter a valid email address' }).max(254).transform((v) => v.toLowerCase()).nullable()),
});
export type ImportRow = z.input<typeof ImportRow>;

export const ImportChunkInput = z.object({
  rows: z.array(ImportRow).min(1, 'A chunk needs at least one row').max(MAX_CHUNK_ROWS, `A chunk holds at most ${MAX_CHUNK_ROWS} rows`),
});
export type ImportChunkInput = z.input<typeof ImportChunkInput>;

export const ImportChunkResult = z.object({ index: z.number().int().min(0), rows: z.number().int().min(0) });
export type ImportChunkResult = z.infer<typeof ImportChunkResult>;
