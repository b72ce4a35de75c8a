// The script-tag build (no bundler on the host page): one self-contained ES module that registers
// the tags, plus lazy chunks for the import and settings dialogs; and, with `--mode iife`, one
// classic script for pages that cannot load modules (lazy parts inlined there).
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * zod's classic schemas import its JSON Schema generator (`toJSONSchema`, ~12 KB gzip) eagerly,
 * and no bundler can drop it. The widget never generates JSON Schema, so the script-tag build
 * swaps those two modules for stubs with the same exports that throw if ever called.
 */
function withoutZodJsonSchema(): Plugin {
  const stubbed = /zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js$/;
  return {
    name: 'contacts-manager:without-zod-json-schema',
    enforce: 'pre',
    load(id) {
      if (!stubbed.test(id)) return null;
      const source = readFileSync(id, 'utf8');
      const names = new Set<string>();
      for (const match of source.matchAll(/export\s+(?:const|function|let|var)\s+([\w$]+)/g)) names.add(match[1]!);
      for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
        for (const part of match[1]!.split(',')) {
          const name = part.trim().split(/\s+as\s+/).pop();
          if (name) names.add(name);
        }
      }
      const body = [...names].map((name) => `export const ${name} = unavailable;`).join('\n');
      return `function unavailable() { throw new Error('JSON Schema generation is not part of the contacts-manager bundle.'); }\n${body}\n`;
    },
  };
}

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
    plugins: [withoutZodJsonSchema()],
    worker: { format: 'es', plugins: () => [withoutZodJsonSchema()] },
  };
});
