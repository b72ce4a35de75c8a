import { defineProject } from 'vitest/config';

// The server's suite again, on a throwaway PostgreSQL cluster (test/postgres/global-setup.ts).
// Files that test SQLite itself (its file, its worker thread, its CLI) run in the SQLite
// project only; single SQLite-only tests skip themselves (`onPostgres`).
export default defineProject({
  resolve: { conditions: ['@contacts-manager/source', 'module', 'node', 'import', 'default'] },
  // No explicit 'import': forwarded to Node, it would make pg's require() of pg-pool load the ESM build.
  ssr: { resolve: { conditions: ['@contacts-manager/source', 'node', 'default'] } },
  test: {
    name: 'server-postgres',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/import-commit-file.test.ts', 'test/job-restart.test.ts', 'test/cli.test.ts', 'test/http-server.test.ts'],
    globalSetup: ['test/postgres/global-setup.ts'],
    // Every request is a round trip to the database: on a shared 2-core machine the property test takes longer.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
