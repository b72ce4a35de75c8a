// Values for a JSON Schema of the OpenAPI document, as fast-check arbitraries: what a
// Schemathesis-style run sends. Valid values follow the schema; `invalidValue` breaks it.
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

/** Numbers people type: valid phones (so the success paths run), beside what the pattern allows. */
const REAL_PHONES = ['+14155550101', '(415) 555-0102', '415.555.0103', '+44 20 7946 0958', '+33 1 23 45 67 89', '0049 30 901820'];
const PRINTABLE = fc.constantFrom(...' !#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~'.split(''));

export class SchemaArbitraries {
  /** Ids of real resources by prefix (`ct`, `ls`, …): generated ids often name one. */
  fixtures: Record<string, string> = {};

  constructor(private readonly document: Schema) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    while (typeof current.$ref === 'string') {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce<Schema>((node, key) => node[key] as Schema, this.document);
    }
    return current;
  }

  /** A value the schema accepts. `name` is the property it is for (phones get real numbers too). */
  valid(raw: Schema, name = ''): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = schema[key];
      if (Array.isArray(options)) return fc.oneof(...(options as Schema[]).map((option) => this.valid(option, name)));
    }
    const type = schema.type;
    if (Array.isArray(type)) return fc.oneof(...(type as string[]).map((one) => this.valid({ ...schema, type: one }, name)));
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: (schema.minimum as number | undefined) ?? 0, max: Math.min((schema.maximum as number | undefined) ?? 1_000_000, 1_000_000_000) });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'array': {
        const items = this.valid((schema.items as Schema | undefined) ?? {}, name);
        return fc.array(items, { minLength: (schema.minItems as number | undefined) ?? 0, maxLength: Math.min((schema.maxItems as number | undefined) ?? 5, 5) });
      }
      case 'object':
        return this.object(schema);
      case 'string':
        return this.string(schema, name);
      default:
        return fc.oneof(fc.string(), fc.integer(), fc.boolean());
    }
  }

  private object(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, this.valid(property, key)]));
    return fc.record(model, { requiredKeys: required.filter((key) => key in properties) }) as fc.Arbitrary<Record<string, unknown>>;
  }

  private string(schema: Schema, name: string): fc.Arbitrary<string> {
    const minLength = (schema.minLength as number | undefined) ?? 0;
    const maxLength = Math.min((schema.maxLength as number | undefined) ?? 60, 300);
    const fits = (value: string): boolean => value.length >= minLength && value.length <= maxLength;
    if (schema.format === 'email') return fc.emailAddress().filter(fits);
    if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((date) => date.toISOString());
    const prefix = typeof schema.pattern === 'string' ? /^\^(\w\w)_/.exec(schema.pattern)?.[1] : undefined;
    const real = prefix ? this.fixtures[prefix] : undefined;
    let text: fc.Arbitrary<string> =
      typeof schema.pattern === 'string'
        ? fc.stringMatching(new RegExp(schema.pattern)).filter(fits)
        : fc.string({ unit: 'grapheme', minLength, maxLength });
    if (name === 'phone' || name === 'from') text = fc.oneof(fc.constantFrom(...REAL_PHONES), text);
    if (real) text = fc.oneof({ weight: 3, arbitrary: fc.constant(real) }, { weight: 1, arbitrary: text });
    return text;
  }

  /** A value of the wrong type or outside the schema's bounds. */
  invalidValue(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const wrongTypes: fc.Arbitrary<unknown>[] = [fc.constant({ unexpected: true }), fc.constant([1, 2]), fc.constant(12345.5)];
    if (schema.type === 'string' || schema.enum) wrongTypes.push(fc.constant(42), fc.constant(true));
    if (typeof schema.maxLength === 'number') wrongTypes.push(fc.constant('x'.repeat(schema.maxLength + 1)));
    if (typeof schema.minLength === 'number' && schema.minLength > 0) wrongTypes.push(fc.constant(''));
    if (schema.type === 'integer') wrongTypes.push(fc.constant('7'), fc.constant(-1 + ((schema.minimum as number | undefined) ?? 0)), fc.constant(1.5));
    return fc.oneof(...wrongTypes);
  }

  /** A query or path value that breaks the parameter's schema: other notations, control characters, noise. */
  invalidText(raw: Schema): fc.Arbitrary<string> {
    const schema = this.resolve(raw);
    const options: fc.Arbitrary<string>[] = [fc.constantFrom('\u0000abc', 'a\u0001', ' 7', '0x10', '1e3', '-1', '9'.repeat(30)), fc.string({ unit: PRINTABLE, maxLength: 20 })];
    if (typeof schema.maxLength === 'number') options.push(fc.constant('y'.repeat(schema.maxLength + 1)));
    return fc.oneof(...options);
  }

  /** Printable ASCII (what an HTTP header can carry). */
  headerText(minLength: number, maxLength: number): fc.Arbitrary<string> {
    return fc.string({ unit: PRINTABLE, minLength, maxLength }).filter((value) => value.trim() === value && value.length >= minLength);
  }
}
