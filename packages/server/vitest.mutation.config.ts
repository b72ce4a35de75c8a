import { defineProject } from 'vitest/config';

/**
 * `pnpm mutation`: the in-process tests of the opt-out register, idempotency, the import
 * commit and the export (Stryker); the suites that spawn processes or servers stay out.
 */
export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'default'] } },
  test: {
    name: 'server-mutation',
    environment: 'node',
    // The suites that drive the register, idempotency, the import commit and the export (each
    // test starts its own in-process app); the others (search, webhooks, CLIs, restarts) stay
    // out: every request crosses the idempotency middleware, so each extra file would run again
    // for many of its mutants.
    include: [
      'src/store/sqlite/phone-set.test.ts',
      'test/opt-out-register*.test.ts',
      'test/idempotency*.test.ts',
      'test/import-commit-rows.test.ts',
      'test/imports.test.ts',
      'test/export.test.ts',
      'test/export-batches.test.ts',
      'test/contacts.test.ts',
      'test/protocol.test.ts',
      'test/http-semantics.test.ts',
      'test/auth-isolation.test.ts',
    ],
    testTimeout: 30_000,
  },
});
