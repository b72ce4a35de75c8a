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
      'csv/index': 'src/csv/index.ts',
      'csv/node': 'src/csv/node.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // dist/cli and dist/csv-worker.js belong to the other builds, which run at the same time.
    clean: ['!cli/**', '!csv-worker.js', '!csv-worker.js.map'],
  },
  {
    ...shared,
    // The module worker, as one self-contained file beside the chunk that holds
    // `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })`. It imports no
    // shared chunk and no package: a bundler that treats the package as side-effect free cannot
    // empty it, and a bundler that only copies the file (Rollup's import-meta-assets) ships it whole.
    entry: { 'csv-worker': 'src/csv/csv-worker.ts' },
    format: ['esm'],
    splitting: false,
    noExternal: [/.*/],
    platform: 'browser',
    // Bundlers minify it again; minified here it weighs a third in the tarball (the map keeps the source).
    minify: true,
    clean: false,
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
