// A Schemathesis-style check run here: every operation of the served OpenAPI document is
// driven with generated valid and invalid requests against the real server over HTTP, and
// every answer must be documented for that operation (status, media type, body schema,
// headers), never a 5xx.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/start-server.js';
import { SchemaArbitraries, type Schema } from './schema-arbitrary.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Schema[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Schema>;
  security?: unknown[];
}
interface GeneratedRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string> };
  valid: boolean;
}

let server: RunningServer;
let document: Schema;
let arbitraries: SchemaArbitraries;
let ajv: Ajv2020;
let token: string;
let phoneCounter = 0;
/** Every status each operation answered: the run must reach the success paths, not only refusals. */
const statusesSeen = new Map<string, Set<number>>();

const nextPhone = (): string => `+1415555${String(1000 + (phoneCounter++ % 8000)).padStart(4, '0')}`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Fresh resources for an operation's run: real ids for the path parameters to hit. */
async function fixtures(): Promise<Record<string, string>> {
  const list = await call('POST', '/v1/lists', { name: `List ${phoneCounter} ${Math.random()}` });
  const contact = await call('POST', '/v1/contacts', { fullName: 'Fixture Person', phone: nextPhone(), listIds: [list.id] });
  const user = await call('POST', '/v1/users', { name: 'Fixture User', role: 'agent' });
  const started = await call('POST', '/v1/imports', {});
  await call('PUT', `/v1/imports/${String(started.id)}/chunks/0`, { rows: [{ fullName: 'Imported', phone: nextPhone() }] });
  const job = await call('POST', '/v1/contacts/bulk', { action: 'addToList', listId: list.id, ids: [contact.id] });
  // A closed local port: deliveries fail and are retried later, which is all the log needs.
  const endpoint = await call('POST', '/v1/webhook-endpoints', { url: 'https://127.0.0.1:9/hook', events: ['*'] });
  const delivery = await call('POST', `/v1/webhook-endpoints/${String(endpoint.id)}/test`);
  return {
    ct: String(contact.id),
    ls: String(list.id),
    us: String(user.id),
    im: String(started.id),
    jb: String(job.id),
    we: String(endpoint.id),
    wd: String(delivery.id),
  };
}

function operations(): { path: string; method: string; operation: Operation }[] {
  const paths = document.paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })));
}

/** An optional parameter: absent two times in three, so most requests reach the operation's main path. */
const sometimes = (value: fc.Arbitrary<string>): fc.Arbitrary<string | undefined> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

function requestArbitrary(path: string, method: string, operation: Operation, ids: Record<string, string>, valid: boolean): fc.Arbitrary<GeneratedRequest> {
  const parameters = (operation.parameters ?? []).map((parameter) => arbitraries.resolve(parameter) as unknown as Parameter);
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
  const pathValues = parameters
    .filter((parameter) => parameter.in === 'path')
    .map((parameter) => {
      const prefix = /^\^(\w\w)_/.exec(String(parameter.schema.pattern ?? ''))?.[1];
      const real = prefix && ids[prefix] ? [fc.constant(ids[prefix])] : [];
      const options = valid ? [...real, ...real, arbitraries.valid(parameter.schema).map(text)] : [arbitraries.invalidText(parameter.schema), ...real];
      return fc.tuple(fc.constant(parameter.name), fc.oneof(...options));
    });
  const queryValues = parameters
    .filter((parameter) => parameter.in === 'query')
    .map((parameter) => {
      const value = valid ? arbitraries.valid(parameter.schema).map(text) : fc.oneof(arbitraries.invalidText(parameter.schema), arbitraries.valid(parameter.schema).map(text));
      return fc.tuple(fc.constant(parameter.name), parameter.required ? value : sometimes(value));
    });
  const headerValues = parameters
    .filter((parameter) => parameter.in === 'header')
    .map((parameter) => {
      const schema = arbitraries.resolve(parameter.schema);
      const options: fc.Arbitrary<string>[] = Array.isArray(schema.enum)
        ? [fc.constantFrom(...(schema.enum as string[]))]
        : parameter.name === 'Idempotency-Key'
          ? [arbitraries.headerText(1, 40)]
          : [fc.constantFrom('"1"', '"2"', '*', 'W/"1"'), arbitraries.headerText(1, 20)];
      if (!valid) options.push(fc.constantFrom('', 'x'.repeat(256)));
      const value = fc.oneof(...options);
      return fc.tuple(fc.constant(parameter.name), parameter.required ? value : sometimes(value));
    });
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<{ text?: string; type?: string }> = bodySchema
    ? valid
      ? arbitraries.valid(bodySchema).map((value) => ({ text: JSON.stringify(value), type: 'application/json' }))
      : invalidBody(bodySchema)
    : fc.constant({});
  const auth = valid || operation.security ? fc.constant(`Bearer ${token}`) : fc.constantFrom(`Bearer ${token}`, `Bearer ${token}`, 'Bearer sk_not_a_key', undefined);
  return fc.record({ path: fc.tuple(...pathValues), query: fc.tuple(...queryValues), headers: fc.tuple(...headerValues), body, auth }).map(({ path: pathParts, query, headers, body: sent, auth: authorization }) => {
    let url = path;
    // "." and ".." (even encoded) are dot segments a URL drops before sending: send "..." instead.
    for (const [name, value] of pathParts) url = url.replace(`{${name}}`, /^\.{1,2}$/.test(value) ? '...' : encodeURIComponent(value));
    const search = new URLSearchParams(query.filter((entry): entry is [string, string] => entry[1] !== undefined));
    const requestHeaders: Record<string, string> = Object.fromEntries(headers.filter((entry): entry is [string, string] => entry[1] !== undefined));
    if (authorization) requestHeaders.Authorization = authorization;
    if (sent.type) requestHeaders['Content-Type'] = sent.type;
    return {
      url: `${url}${search.size > 0 ? `?${search.toString()}` : ''}`,
      init: { method, headers: requestHeaders, ...(sent.text !== undefined ? { body: sent.text } : {}) },
      valid,
    };
  });
}

/** A body that breaks the schema: a field missing, unknown, of the wrong type, or not JSON at all. */
function invalidBody(schema: Schema): fc.Arbitrary<{ text?: string; type?: string }> {
  const resolved = arbitraries.resolve(schema);
  const properties = Object.entries((resolved.properties ?? {}) as Record<string, Schema>);
  const required = (resolved.required ?? []) as string[];
  const json = (value: unknown) => ({ text: JSON.stringify(value), type: 'application/json' });
  const base = arbitraries.valid(schema) as fc.Arbitrary<Record<string, unknown>>;
  const options: fc.Arbitrary<{ text?: string; type?: string }>[] = [
    base.map((value) => json({ ...value, unknownField: 1 })),
    fc.constantFrom({ text: '', type: 'application/json' }, { text: '{', type: 'application/json' }, json(null), json([]), json('text'), { text: '{}', type: 'text/plain' }),
  ];
  if (required.length > 0) options.push(fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => json(Object.fromEntries(Object.entries(value).filter(([name]) => name !== key)))));
  if (properties.length > 0) {
    options.push(
      fc
        .constantFrom(...properties)
        .chain(([name, property]) => fc.tuple(base, fc.constant(name), arbitraries.invalidValue(property)))
        .map(([value, name, bad]) => json({ ...value, [name]: bad })),
    );
  }
  return fc.oneof(...options);
}

async function checkAnswer(path: string, method: string, operation: Operation, request: GeneratedRequest): Promise<void> {
  const response = await fetch(`${server.url}${request.url}`, request.init);
  const where = `${request.init.method} ${request.url} (${operation.operationId}, ${request.valid ? 'valid' : 'invalid'} input) answered ${response.status}`;
  const text = await response.text();
  const seen = statusesSeen.get(operation.operationId) ?? new Set<number>();
  seen.add(response.status);
  statusesSeen.set(operation.operationId, seen);
  expect(response.status, `${where}: ${text.slice(0, 300)}`).toBeLessThan(500);
  const documented = operation.responses[String(response.status)];
  expect(documented, `${where}, which is not documented: ${text.slice(0, 300)}`).toBeDefined();
  const answer = arbitraries.resolve(documented!);
  const content = answer.content as Record<string, { schema: Schema }> | undefined;
  const mediaType = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim();
  if (!content) {
    expect(text, `${where} with a body`).toBe('');
    expect(mediaType, `${where} with a Content-Type`).toBe('');
    return;
  }
  const declared = content[mediaType];
  expect(declared, `${where} as ${mediaType}, documented as ${Object.keys(content).join(', ')}`).toBeDefined();
  for (const name of Object.keys((answer.headers ?? {}) as Record<string, unknown>)) {
    if ((name === 'ETag' || name === 'Location') && response.status < 300) expect(response.headers.get(name), `${where} without ${name}`).not.toBeNull();
  }
  if (mediaType.endsWith('json')) {
    // Where the answer is written in the document: its own entry, or the shared one it refers to.
    const base = typeof documented!.$ref === 'string' ? documented!.$ref : `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${response.status}`;
    const validate = ajv.getSchema(`openapi.json${base}/content/${mediaType.replace('/', '~1')}/schema`);
    expect(validate, `${where}: no schema at ${base}`).toBeDefined();
    const body: unknown = JSON.parse(text);
    expect(validate!(body), `${where}: the body breaks the documented schema: ${ajv.errorsText(validate!.errors)}\n${text.slice(0, 500)}`).toBe(true);
  }
}

beforeAll(async () => {
  // Webhook URLs are generated: private targets are allowed so creation can succeed here.
  server = await startServer({ port: 0, rateLimit: false, failedAuthLimit: false, publicRateLimit: false, webhooks: { allowPrivateTargets: true } });
  const { secretKey } = await server.sqlite.accounts.createAccount({ name: 'Contract', defaultCountry: 'US' });
  token = secretKey;
  document = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as Schema;
  arbitraries = new SchemaArbitraries(document);
  ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema(document, 'openapi.json');
});
afterAll(async () => {
  await server.close();
});

describe('every documented operation, driven with generated requests', () => {
  it('covers every path of the served document', () => {
    expect(operations().length).toBeGreaterThanOrEqual(30);
  });

  for (const valid of [true, false]) {
    it(`answers ${valid ? 'valid' : 'invalid'} requests as documented, never with a 5xx`, async () => {
      for (const { path, method, operation } of operations()) {
        const ids = await fixtures();
        arbitraries.fixtures = ids;
        await fc.assert(
          fc.asyncProperty(requestArbitrary(path, method, operation, ids, valid), (request) => checkAnswer(path, method, operation, request)),
          { numRuns: 25, endOnFailure: true },
        );
      }
      if (valid) {
        const succeeded = operations().filter(({ operation }) => [...(statusesSeen.get(operation.operationId) ?? [])].some((status) => status < 300));
        const reached = new Set(succeeded.map(({ operation }) => operation.operationId));
        const missing = operations().map(({ operation }) => operation.operationId).filter((id) => !reached.has(id));
        console.log(`contract run: ${succeeded.length}/${operations().length} operations reached a success answer${missing.length ? `; not: ${missing.join(', ')}` : ''}`);
        expect(succeeded.length / operations().length).toBeGreaterThanOrEqual(0.9);
      }
    }, 240_000);
  }
});
