import type { Context } from 'hono';
import * as z from 'zod';
import type { FieldError } from '@contacts-manager/core/schema';
import { ApiError, validationFailed } from './api-error.js';

/** Zod issues as the API's field errors: dotted 0-based paths, stable codes. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { path, code: missing ? 'required' : issue.code, message: missing ? `${path || 'value'} is required` : issue.message };
  });
}

export function parseWith<T extends z.core.$ZodType>(schema: T, value: unknown, detail?: string): z.output<T> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationFailed(toFieldErrors(result.error.issues), detail);
  return result.data;
}

/**
 * The request body as JSON. An empty body counts as `{}` so bodiless POSTs (commit,
 * opt-out) need no payload; anything else that is not JSON is 400 `invalid_json`.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

export async function parseBody<T extends z.core.$ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const body = await readJson(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ path: '', code: 'invalid_type', message: 'The body must be a JSON object.' }]);
  }
  return parseWith(schema, body);
}

export function parseQuery<T extends z.core.$ZodType>(c: Context, schema: T): z.output<T> {
  return parseWith(schema, c.req.query(), 'The query has invalid parameters.');
}
