import { defineProject } from 'vitest/config';

/** `pnpm mutation`: the tests that exercise the phone normaliser and the CSV validator (Stryker). */
export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'import', 'default'] } },
  test: {
    name: 'core-mutation',
    environment: 'node',
    include: ['src/phone/**/*.test.ts', 'src/csv/**/*.test.ts', 'test/csv-corpus/**/*.test.ts', 'test/real-exports/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts'],
    // Instrumented code on a shared machine runs several times slower than a plain run.
    testTimeout: 60_000,
  },
});
