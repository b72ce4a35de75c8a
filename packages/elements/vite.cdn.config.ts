// The script-tag build (no bundler on the host page): one self-contained ES module that registers
// the tags, plus lazy chunks for the import and settings dialogs; and, with `--mode iife`, one
// classic script for pages that cannot load modules (lazy parts inlined there).
import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';

/**
 * Vite leaves whitespace in library-mode ES output (to keep pure annotations for bundlers). The
 * CDN chunks go to browsers as they are: minify them fully once they are rendered.
 */
const minifyCdnChunks: Plugin = {
  name: 'minify-cdn-chunks',
  apply: 'build',
  async renderChunk(code, chunk) {
    const result = await transformWithEsbuild(code, chunk.fileName, { minify: true, format: 'esm', target: 'es2022', sourcemap: true, legalComments: 'none' });
    return { code: result.code, map: result.map };
  },
};

export default defineConfig(({ mode }) => {
  const classic = mode === 'iife';
  return {
    // Bundle the core from its TypeScript source; Lit's production build (no 'development' condition).
    resolve: { conditions: ['@contacts-manager/source', 'browser', 'import', 'module', 'production', 'default'] },
    // Relative asset URLs: the CSV worker is found next to the script wherever it is hosted (not at /assets/).
    base: './',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    esbuild: { legalComments: 'none' },
    plugins: classic ? [] : [minifyCdnChunks],
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: !classic,
      target: 'es2022',
      // The ES build's maps (sources included) ship; the classic script's 1.5 MB map would only weigh
      // down the npm tarball, so that build has none.
      sourcemap: !classic,
      minify: 'esbuild',
      reportCompressedSize: false,
      lib: {
        entry: 'src/cdn.ts',
        name: 'ContactsManager',
        formats: [classic ? 'iife' : 'es'],
        fileName: () => (classic ? 'contacts-manager.iife.js' : 'contacts-manager.js'),
      },
      rollupOptions: {
        output: classic ? { inlineDynamicImports: true } : { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
    worker: { format: 'es' },
  };
});
