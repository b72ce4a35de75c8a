// `cem analyze` → custom-elements.json (tags, attributes, properties, events, CSS parts and properties from JSDoc).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/cdn.ts', 'src/cdn-classic.ts'],
  outdir: '.',
  litelement: true,
};
