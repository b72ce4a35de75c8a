import * as z from 'zod/mini';

/** Stable machine words carried by every problem's `code`. */
export const ErrorCode = z.enum([
  'bad_request',
  'invalid_json',
  'validation_failed',
  'invalid_phone',
  'duplicate_phone',
  'opt_out_locked',
  'permission_denied',
  'precondition_failed',
  'not_found',
  'method_not_allowed',
  'conflict',
  'rate_limited',
  'idempotency_conflict',
  'idempotency_in_progress',
  'invalid_idempotency_key',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'confirmation_required',
  'resync_required',
  'import_not_open',
  'list_name_taken',
  'webhook_url_forbidden',
  'import_too_large',
  'storage_unavailable',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One field-level problem; `path` is dotted with 0-based indexes (`rows.3.phone`). */
export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with our stable `code` and optional extensions. */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.optional(z.string()),
  code: z.string(),
  errors: z.optional(z.array(FieldError)),
});
export type Problem = z.infer<typeof Problem>;
