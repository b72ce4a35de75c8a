import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  // ky ships ESM only: bundling it keeps the CJS build loadable with require() on every Node 20.
  noExternal: ['ky'],
};

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'schema/index': 'src/schema/index.ts',
      'phone/index': 'src/phone/index.ts',
      'cache/index': 'src/cache/index.ts',
      'store/index': 'src/store/index.ts',
      'webhooks/index': 'src/webhooks/index.ts',
      'csv/index': 'src/csv/index.ts',
      'csv/node': 'src/csv/node.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // dist/cli belongs to the second build, which runs at the same time; dist/csv-worker.js is
    // built afterwards by tsup.worker.config.ts.
    clean: ['!cli/**'],
  },
  {
    ...shared,
    // The CLI is an ES module with top-level await: no CommonJS copy, no declarations.
    entry: { main: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    clean: true,
  },
]);
