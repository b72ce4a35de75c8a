import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  // ESM only, like @contacts-manager/elements (Lit is ESM only).
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // React, Lit and the elements stay the app's own copies.
  external: ['react', '@lit/react', /^@contacts-manager\//],
});
