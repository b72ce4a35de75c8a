import { defineConfig } from 'vitest/config';

// Not a project of the root workspace: `pnpm test:packages` runs it on its own, after `pnpm build`.
export default defineConfig({
  test: {
    name: 'packages',
    root: import.meta.dirname,
    include: ['*.consumer.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    // A hang guard, not a speed bar: tsc and the builds take minutes on a busy 2-core machine.
    testTimeout: 300_000,
    // Packing and an npm install (cached after the first run) happen once, before the tests.
    hookTimeout: 600_000,
  },
});
