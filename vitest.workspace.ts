// The vitest projects of the workspace. vitest 4 no longer reads this file by itself:
// vitest.config.ts imports it as `test.projects`.
export default ['packages/core', 'packages/server', 'packages/server/vitest.postgres.config.ts', 'test', 'test/vitest.postgres.config.ts'];
