import type { Context } from 'hono';
import * as z from 'zod';
import { createPhoneNormalizer, type PhoneNormalizer } from '@contacts-manager/core/phone';
import type { FieldError } from '@contacts-manager/core/schema';
import type { AppEnv } from '../app-env.js';
import { ApiError, validationFailed } from './api-error.js';

/** Zod issues as the API's field errors: dotted 0-based paths, stable codes. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : null;
    if (unknownKeys) {
      const where = [...prefix, ...issue.path, unknownKeys[0] ?? ''].map(String).join('.');
      return { path: where, code: 'unrecognized_keys', message: `Unknown field(s): ${unknownKeys.join(', ')}` };
    }
    return { path, code: missing ? 'required' : issue.code, message: missing ? `${path || 'value'} is required` : issue.message };
  });
}

/**
 * One 422 for every problem: the schema's, and each phone that cannot be normalized. Every
 * unusable phone (wrong shape or not a real number) is reported as `invalid_phone`; when every
 * problem is a phone, the problem's own code is `invalid_phone` too.
 */
export function invalid(errors: FieldError[], detail?: string): ApiError {
  if (errors.length > 0 && errors.every((error) => error.code === 'invalid_phone')) {
    return new ApiError(422, 'invalid_phone', detail ?? errors[0]!.message, { errors });
  }
  return validationFailed(errors, detail);
}

/**
 * One normalizer per default country, kept: libphonenumber rebuilds its expressions on every
 * call (about 20 µs a number), which made re-checking an import's chunks the upload's cost.
 * The fast normalizer gives libphonenumber's answers (its own test checks that), 10× cheaper.
 */
const phoneNormalizers = new Map<string, PhoneNormalizer>();
function normalizerFor(defaultCountry: string): PhoneNormalizer {
  let normalizer = phoneNormalizers.get(defaultCountry);
  if (!normalizer) {
    normalizer = createPhoneNormalizer(defaultCountry, 1_000);
    phoneNormalizers.set(defaultCountry, normalizer);
  }
  return normalizer;
}

/**
 * The phone fields of `value` normalized to E.164, and `errors` rewritten so that any problem
 * of a phone given as text is one `invalid_phone` error naming that field.
 */
export function checkPhones(
  value: unknown,
  fields: readonly string[],
  defaultCountry: string,
  errors: FieldError[],
  prefix = '',
): Record<string, string> {
  const normalized: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return normalized;
  for (const field of fields) {
    const text = (value as Record<string, unknown>)[field];
    if (typeof text !== 'string') continue;
    const path = `${prefix}${field}`;
    const result = normalizerFor(defaultCountry)(text);
    const schemaError = errors.findIndex((error) => error.path === path);
    if (result.ok && schemaError === -1) {
      normalized[field] = result.e164;
      continue;
    }
    const message = result.ok ? (errors[schemaError]?.message ?? 'Phone is not valid') : result.message;
    for (let index = errors.length - 1; index >= 0; index--) if (errors[index]!.path === path) errors.splice(index, 1);
    errors.push({ path, code: 'invalid_phone', message });
  }
  return normalized;
}

export function parseWith<T extends z.core.$ZodType>(schema: T, value: unknown, detail?: string, prefix: readonly PropertyKey[] = []): z.output<T> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationFailed(toFieldErrors(result.error.issues, prefix), detail);
  return result.data;
}

/** The request body as JSON (decoded by `requestBody`); an empty or non-JSON body is 400 `invalid_json`. */
export function readJson(c: Context<AppEnv>): unknown {
  const text = c.get('bodyText') ?? '';
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'This request needs a JSON body.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

function readObject(c: Context<AppEnv>): Record<string, unknown> {
  const body = readJson(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ path: '', code: 'invalid_type', message: 'The body must be a JSON object.' }]);
  }
  return body as Record<string, unknown>;
}

export function parseBody<T extends z.core.$ZodType>(c: Context<AppEnv>, schema: T): z.output<T> {
  return parseWith(schema, readObject(c));
}

/**
 * A body with phone fields: schema and phones checked together, every problem in one 422.
 * Returns the parsed body and the phones in E.164.
 */
export function parseBodyWithPhones<T extends z.core.$ZodType>(
  c: Context<AppEnv>,
  schema: T,
  phoneFields: readonly string[],
): { input: z.output<T>; phones: Record<string, string> } {
  const body = readObject(c);
  const result = z.safeParse(schema, body);
  const errors = result.success ? [] : toFieldErrors(result.error.issues);
  const phones = checkPhones(body, phoneFields, c.get('principal').account.defaultCountry, errors);
  if (errors.length > 0 || !result.success) throw invalid(errors);
  return { input: result.data, phones };
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * The query string against a schema. A parameter given empty (`limit=`) counts as absent, so
 * it takes its default; a control character in any parameter is 422 (never a database error).
 */
export function parseQuery<T extends z.core.$ZodType>(c: Context, schema: T): z.output<T> {
  const query: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(c.req.query())) {
    if (CONTROL_CHARACTER.test(value)) {
      errors.push({ path: name, code: 'invalid_characters', message: `${name} must not contain control characters.` });
    } else if (value !== '') {
      query[name] = value;
    }
  }
  const result = z.safeParse(schema, query);
  if (!result.success) errors.push(...toFieldErrors(result.error.issues));
  if (errors.length > 0 || !result.success) throw validationFailed(errors, 'The query has invalid parameters.');
  return result.data;
}
