import { defineConfig } from 'vitest/config';

// Not a project of the root workspace: `pnpm test:e2e` runs it on its own, after `pnpm build`.
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
