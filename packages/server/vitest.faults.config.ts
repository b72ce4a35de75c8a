import { defineProject } from 'vitest/config';

/** `pnpm test:faults`: the storage failing under a running server (a few minutes at most). */
export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'default'] } },
  test: {
    name: 'server-faults',
    environment: 'node',
    include: ['test/faults/**/*.fault.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
