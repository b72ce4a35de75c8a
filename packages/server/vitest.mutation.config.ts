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
    include: ['test/**/*.test.ts'],
    exclude: ['test/cli.test.ts', 'test/keys-cli.test.ts', 'test/contract/**', 'test/http-server.test.ts', 'test/import-commit-file.test.ts', 'test/job-restart.test.ts'],
    testTimeout: 30_000,
  },
});
