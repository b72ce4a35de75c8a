import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as schema from '../src/schema/index.js';

/** Server-side helpers kept out of the SDK's bundle (see src/index.ts). */
const SCHEMA_ONLY = ['classifyInboundBody', 'normalizeInboundBody', 'OPT_OUT_KEYWORDS', 'OPT_IN_KEYWORDS', 'HELP_KEYWORDS'];

describe('the main entry', () => {
  it('re-exports every schema of the contract (the same objects), keyword helpers aside', () => {
    for (const [name, value] of Object.entries(schema)) {
      if (SCHEMA_ONLY.includes(name)) expect(main).not.toHaveProperty(name);
      else expect(main, name).toHaveProperty(name, value);
    }
  });

  it('exposes the client, the store and every error class', () => {
    for (const name of [
      'createContactsClient',
      'createContactsStore',
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
