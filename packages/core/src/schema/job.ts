import * as z from 'zod';
import { JobId, Timestamp } from './common.js';

export const JobKind = z.enum(['delete_all', 'import_commit']);
export type JobKind = z.infer<typeof JobKind>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobError = z.object({ code: z.string(), message: z.string() });
export type JobError = z.infer<typeof JobError>;

export const Job = z.object({
  id: JobId,
  kind: JobKind,
  status: JobStatus,
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
  /** delete_all: `{deleted}`; import_commit: the import's counts. */
  result: z.record(z.string(), z.unknown()).optional(),
  error: JobError.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Job = z.infer<typeof Job>;

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed'];
