// The script-tag build (no bundler on the host page): one self-contained ES module that registers
// the tags, plus lazy chunks for the import and settings dialogs; and, with `--mode iife`, a small
// classic script (`contacts-manager.iife.js`) that loads that same module and its lazy chunks with
// a dynamic import(), so a classic page starts as light as a module page.
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const classic = mode === 'iife';
  return {
    // Bundle the core from its TypeScript source; Lit's production build (no 'development' condition).
    resolve: { conditions: ['@contacts-manager/source', 'browser', 'import', 'module', 'production', 'default'] },
    // Relative asset URLs: the CSV worker is found next to the script wherever it is hosted (not at /assets/).
    base: './',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    esbuild: { legalComments: 'none' },
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: !classic,
      target: 'es2022',
      sourcemap: true,
      minify: 'esbuild',
      reportCompressedSize: false,
      // The module build is an application build, not library mode: library-mode ES output keeps
      // its whitespace (for bundlers' pure annotations), and these chunks go to browsers as they are.
      ...(classic
        ? {
            lib: { entry: 'src/cdn-classic.ts', name: 'ContactsManager', formats: ['iife' as const], fileName: () => 'contacts-manager.iife.js' },
          }
        : {
            modulePreload: false,
            rollupOptions: {
              input: 'src/cdn.ts',
              preserveEntrySignatures: 'strict' as const,
              output: { format: 'es' as const, entryFileNames: 'contacts-manager.js', chunkFileNames: 'chunks/[name]-[hash].js' },
            },
          }),
    },
    worker: { format: 'es' },
  };
});
