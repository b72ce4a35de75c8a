import { defineProject } from 'vitest/config';

// The contract suite again, with the server on a throwaway PostgreSQL cluster.
export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  // No explicit 'import' here: forwarded to Node, it would make pg's require() of pg-pool load the ESM build.
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'default'] } },
  test: {
    name: 'contract-postgres',
    environment: 'node',
    include: ['**/*.test.ts'],
    globalSetup: ['../packages/server/test/postgres/global-setup.ts'],
    // Every request is a round trip to the database: on a shared 2-core machine the property test takes longer.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
