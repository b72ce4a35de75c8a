// The plugin ships types that its `exports` map does not expose to TypeScript.
declare module '@web/rollup-plugin-import-meta-assets' {
  import type { Plugin } from 'rollup';
  export function importMetaAssets(options?: {
    include?: string | string[];
    exclude?: string | string[];
  }): Plugin;
}
