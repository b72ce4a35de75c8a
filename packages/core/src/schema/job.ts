import * as z from 'zod/mini';
import { Count, JobId, Timestamp } from './common.js';

export const JobKind = z.enum(['delete_all', 'import_commit', 'bulk_action']);
export type JobKind = z.infer<typeof JobKind>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobError = z.object({ code: z.string(), message: z.string() });
export type JobError = z.infer<typeof JobError>;

export const Job = z.object({
  id: JobId,
  kind: JobKind,
  status: JobStatus,
  progress: z.object({ done: Count, total: Count }),
  /** delete_all: `{deleted}`; import_commit: the import's counts; bulk_action: `{action, affected}`. */
  result: z.optional(z.record(z.string(), z.unknown())),
  error: z.optional(JobError),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Job = z.infer<typeof Job>;

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed'];
