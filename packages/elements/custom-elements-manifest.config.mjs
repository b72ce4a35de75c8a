// `cem analyze` → custom-elements.json (tags, attributes, properties, events, CSS parts and properties from JSDoc).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/cdn.ts'],
  outdir: '.',
  litelement: true,
};
