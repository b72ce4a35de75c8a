// Building blocks of the OpenAPI document: JSON Schema from the zod contract, the shared
// headers and problem responses, and one function that turns an operation's description
// into its OpenAPI object with exactly the answers the server can give.
import * as z from 'zod';

export type JsonObject = Record<string, unknown>;

/** The documented problem answers, by status. */
export type ErrorStatus = '400' | '401' | '403' | '404' | '409' | '410' | '412' | '413' | '415' | '422' | '429' | '503';

const componentRef = (kind: 'schemas' | 'headers' | 'responses' | 'parameters', name: string): JsonObject => ({ $ref: `#/components/${kind}/${name}` });
export const schemaRef = (name: string): JsonObject => componentRef('schemas', name);

/**
 * zod → JSON Schema (2020-12, as OpenAPI 3.1 uses). Integer parameters are plain decimal
 * digits on the wire; the document shows them as bounded integers.
 */
export function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (context) => {
      const json = context.jsonSchema as JsonObject;
      if (json.type === 'integer' && Array.isArray(json.anyOf)) delete json.anyOf;
      // A number stays within the safe integers anyway; the bound only adds noise.
      if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
      if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    },
  }) as JsonObject;
  return rest;
}

/** Response headers, shared by reference. */
export const HEADERS: Record<string, JsonObject> = {
  ETag: { description: 'The contact\'s version as a strong entity tag ("3"); send it back in If-Match.', schema: { type: 'string', pattern: '^"\\d+"$' } },
  Location: { description: 'Where the created resource (or the started job) can be read.', schema: { type: 'string', format: 'uri-reference' } },
  'RateLimit-Limit': { description: 'Requests allowed per window for this token.', schema: { type: 'integer', minimum: 1 } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer', minimum: 1 } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
  'Idempotent-Replayed': { description: '"true" when this answer is the stored first response to the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750).', schema: { type: 'string' } },
};
const header = (name: keyof typeof HEADERS & string): JsonObject => componentRef('headers', name);
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': header('RateLimit-Limit'),
  'RateLimit-Remaining': header('RateLimit-Remaining'),
  'RateLimit-Reset': header('RateLimit-Reset'),
};

const problemContent = { 'application/problem+json': { schema: schemaRef('Problem') } };

/** Problem answers shared by reference; the per-operation ones say which codes apply. */
export const RESPONSES: Record<string, JsonObject> = {
  Unauthorized: {
    description: 'The token is missing, invalid, revoked or expired (`unauthorized`); failed attempts are limited per client address (429).',
    headers: { 'WWW-Authenticate': header('WWW-Authenticate') },
    content: problemContent,
  },
  TooManyRequests: {
    description: 'Too many requests for this token (or, without one, from this address), or too many failed authentications from this address (`rate_limited`).',
    headers: { ...RATE_LIMIT_HEADERS, 'Retry-After': header('Retry-After') },
    content: problemContent,
  },
  StorageUnavailable: {
    description: 'The storage cannot take the request now (disk full, database locked by another process, read-only file): `storage_unavailable`. Retry after the given delay.',
    headers: { 'Retry-After': header('Retry-After') },
    content: problemContent,
  },
};

/** What each problem status means for one operation, when the operation does not say more. */
const DEFAULT_ERROR_TEXT: Record<ErrorStatus, string> = {
  '400': 'The body is not JSON or is empty (`invalid_json`), or the Idempotency-Key is empty or over 255 characters (`invalid_idempotency_key`).',
  '401': '',
  '403': 'The token lacks the permission this needs (`permission_denied`).',
  '404': 'No such resource in this account (`not_found`).',
  '409': 'A request with the same Idempotency-Key is still running (`idempotency_in_progress`; see Retry-After).',
  '410': 'Gone.',
  '412': 'If-Match names another version (`precondition_failed`); `current` holds the contact as it is.',
  '413': 'The body (decoded, when gzip-encoded) is over 2 MB (`payload_too_large`).',
  '415': 'The body is not sent as JSON (`unsupported_media_type`), or with a Content-Encoding other than gzip.',
  '422': 'A parameter or field is invalid (`validation_failed`, with every problem in `errors`; `invalid_phone` for an unusable phone).',
  '429': '',
  '503': '',
};

export interface OperationSpec {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  parameters?: JsonObject[];
  /** The request body's schema component, and whether it may be omitted. */
  body?: { schema: string; optional?: boolean };
  /** The success answer. */
  success: {
    status: 200 | 201 | 202 | 204;
    description: string;
    schema?: string;
    /** `text/csv` instead of JSON. */
    csv?: boolean;
    headers?: ('ETag' | 'Location')[];
  };
  /** 304 with the ETag, for conditional GETs. */
  notModified?: boolean;
  /** The problem answers this operation can give, with what they mean here (`true`: the default text). */
  errors: Partial<Record<ErrorStatus, string | true>>;
  /** No token needed (health, the document itself). */
  public?: boolean;
  /** The answer's JSON when it has no schema component (health). */
  inlineSchema?: JsonObject;
}

/** One operation as OpenAPI: every answer the server gives for it, with its headers. */
export function operation(spec: OperationSpec): JsonObject {
  const authed = !spec.public;
  const successHeaders: JsonObject = {
    ...(authed ? RATE_LIMIT_HEADERS : {}),
    ...Object.fromEntries((spec.success.headers ?? []).map((name) => [name, header(name)])),
    ...(spec.parameters?.some((parameter) => parameter.$ref === '#/components/parameters/IdempotencyKey')
      ? { 'Idempotent-Replayed': header('Idempotent-Replayed') }
      : {}),
  };
  const content = spec.success.csv
    ? { 'text/csv': { schema: { type: 'string', description: 'CSV with the header `Full Name,Phone,Email,Lists,Opted Out`.' } } }
    : spec.success.schema
      ? { 'application/json': { schema: schemaRef(spec.success.schema) } }
      : spec.inlineSchema
        ? { 'application/json': { schema: spec.inlineSchema } }
        : undefined;
  const responses: Record<string, JsonObject> = {
    [String(spec.success.status)]: {
      description: spec.success.description,
      ...(Object.keys(successHeaders).length > 0 ? { headers: successHeaders } : {}),
      ...(content ? { content } : {}),
    },
  };
  if (spec.notModified) {
    responses['304'] = { description: 'Not modified: If-None-Match names the current version.', headers: { ETag: header('ETag'), ...RATE_LIMIT_HEADERS } };
  }
  const errors: Partial<Record<ErrorStatus, string | true>> = authed ? { '401': true, '429': true, '503': true, ...spec.errors } : spec.errors;
  for (const status of Object.keys(errors).sort() as ErrorStatus[]) {
    const text = errors[status];
    if (status === '401') responses[status] = componentRef('responses', 'Unauthorized');
    else if (status === '429') responses[status] = componentRef('responses', 'TooManyRequests');
    else if (status === '503') responses[status] = componentRef('responses', 'StorageUnavailable');
    else {
      responses[status] = {
        description: text === true || text === undefined ? DEFAULT_ERROR_TEXT[status] : text,
        headers: { ...RATE_LIMIT_HEADERS, ...(status === '409' ? { 'Retry-After': header('Retry-After') } : {}) },
        content: problemContent,
      };
    }
  }
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description,
    ...(spec.public ? { security: [] } : {}),
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.body
      ? { requestBody: { required: !spec.body.optional, content: { 'application/json': { schema: schemaRef(spec.body.schema) } } } }
      : {}),
    responses,
  };
}

/** Query parameters from a zod object, described one by one. */
export function queryParameters(schema: z.core.$ZodType, descriptions: Record<string, string>): JsonObject[] {
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name) && property.default === undefined,
    description: descriptions[name] ?? name,
    schema: property,
  }));
}

export const pathId = (name: string, prefix: string, what: string): JsonObject => ({
  name,
  in: 'path',
  required: true,
  description: `The ${what}'s id (\`${prefix}_…\`).`,
  schema: { type: 'string', pattern: `^${prefix}_[0-9A-Za-z]{10,40}$` },
});

/** Shared request parameters. */
export const PARAMETERS: Record<string, JsonObject> = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the POST safe to retry: a replay within 24 h returns the first response (same status and body, with `Idempotent-Replayed: true`); the same key with another body is 422 `idempotency_conflict`; while the first is still running, 409 `idempotency_in_progress`.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The version the change is based on, as a strong entity tag (`"3"`) or `*`. A stale or weak tag (`W/"3"`) is 412 `precondition_failed`. Without it the write is last-writer-wins.',
    schema: { type: 'string', minLength: 1 },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The version the client holds (`"3"`): 304 when it is still current.',
    schema: { type: 'string', minLength: 1 },
  },
};
export const parameterRef = (name: keyof typeof PARAMETERS & string): JsonObject => componentRef('parameters', name);
