import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'import', 'default'] } },
  test: {
    name: 'contract',
    environment: 'node',
    include: ['**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
