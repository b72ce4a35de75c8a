import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'schema/index': 'src/schema/index.ts', 'phone/index': 'src/phone/index.ts', 'cache/index': 'src/cache/index.ts', 'csv/index': 'src/csv/index.ts', 'csv/node': 'src/csv/node.ts', 'csv/csv-worker': 'src/csv/csv-worker.ts', 'cli/main': 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  // ky ships ESM only: bundling it keeps the CJS build loadable with require() on every Node 20.
  noExternal: ['ky'],
});
