import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as schema from '../src/schema/index.js';

/**
 * What only the server runs, kept out of the SDK's bundle (see src/index.ts): the inbound keyword
 * helpers, the parsers of query strings and bulk requests (their types stay in the main entry),
 * the role defaults and the export's CSV header.
 */
const SCHEMA_ONLY = [
  'classifyInboundBody',
  'normalizeInboundBody',
  'OPT_OUT_KEYWORDS',
  'OPT_IN_KEYWORDS',
  'HELP_KEYWORDS',
  'queryInteger',
  'PageLimit',
  'QueryBoolean',
  'ContactListQuery',
  'ContactExportQuery',
  'ListQuery',
  'ChangesQuery',
  'ContactBulkAction',
  'ContactBulkFilter',
  'ContactBulkInput',
  'ROLE_PERMISSIONS',
  'EXPORT_HEADER',
];

describe('the main entry', () => {
  it('re-exports every schema of the contract (the same objects), server-only parsers and helpers aside', () => {
    for (const [name, value] of Object.entries(schema)) {
      if (SCHEMA_ONLY.includes(name)) expect(main).not.toHaveProperty(name);
      else expect(main, name).toHaveProperty(name, value);
    }
  });

  it('exposes the client and every error class; the live store is a subpath of its own', () => {
    expect(main).not.toHaveProperty('createContactsStore');
    for (const name of [
      'createContactsClient',
      'ContactsApiError',
      'ValidationError',
      'AuthenticationError',
      'PermissionError',
      'NotFoundError',
      'ConflictError',
      'OptOutLockedError',
      'PreconditionFailedError',
      'RateLimitError',
      'NetworkError',
      'TimeoutError',
      'ResponseValidationError',
      'JobFailedError',
    ]) {
      expect(typeof (main as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
