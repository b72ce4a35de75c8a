import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  // No explicit 'import': forwarded to Node, it would make pg's require() of pg-pool load the ESM build.
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'default'] } },
  test: {
    name: 'server',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
