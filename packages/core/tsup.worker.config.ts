import { defineConfig } from 'tsup';

// Runs after tsup.config.ts (`pnpm build`), whose clean step would otherwise race with it.
export default defineConfig({
  sourcemap: true,
  target: 'es2022',
  // esbuild's own tree-shaking: tsup's Rollup pass would drop the footer below.
  treeshake: false,
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
  // `export {}` marks the script as the ES module it is (it is started with type: 'module').
  footer: { js: 'export {};' },
  dts: true,
  clean: false,
});
