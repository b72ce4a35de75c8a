// (esbuild reads the tsconfig raw, without `extends`: hence the root one, which holds the decorator options.)
// Component tests in the system Chromium, against the real reference server.
import { fileURLToPath } from 'node:url';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { contactsServerPlugin, contactsTestMiddleware } from './test/contacts-test-server.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** papaparse (the core's CSV parser, used by the import dialog) ships only a UMD build: serve it as an ES module. */
const papaparseAsEsm = {
  name: 'papaparse-as-esm',
  transform(context) {
    if (!/\/papaparse\/papaparse(\.min)?\.js$/.test(context.path)) return undefined;
    return { body: `const module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;\n` };
  },
};

/**
 * The core starts its CSV worker with `new URL('./csv-worker.js', import.meta.url)`: from the
 * sources that file is `csv-worker.ts`, which the esbuild plugin then compiles like any module.
 */
function csvWorkerFromSource(context, next) {
  if (context.path.endsWith('/packages/core/src/csv/csv-worker.js'))
    context.url = context.url.replace('/csv-worker.js', '/csv-worker.ts');
  return next();
}

export default {
  rootDir: here('../..'),
  files: ['src/**/*.test.ts'].map((glob) => here(`./${glob}`)),
  nodeResolve: { exportConditions: ['@contacts-manager/source', 'browser', 'import', 'development'] },
  concurrency: 1,
  testsFinishTimeout: 900_000,
  testFramework: { config: { timeout: 60_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  middleware: [csvWorkerFromSource, contactsTestMiddleware],
  plugins: [papaparseAsEsm, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: here('../../tsconfig.json') }), contactsServerPlugin()],
};
