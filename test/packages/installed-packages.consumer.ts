// The packages as users install them (quality.md, "Packages as users install them"): every package
// packed with `pnpm pack`, installed with npm into a project outside the workspace, then used from
// Node (ESM, CommonJS, the bins, a server), TypeScript, a Vite and an esbuild build in Chromium,
// React 18 and 19, and an SSR pass. publint and arethetypeswrong check each tarball.
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';
import { rollup } from 'rollup';
import { build as viteBuild, type Rollup } from 'vite';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support/browser.js';
import {
  createConsumerProject,
  PACKAGE_DIRS,
  repoRoot,
  type ConsumerProject,
} from './support/consumer-project.js';
import { startInstalledServer, type ServerProcess } from './support/contacts-server-process.js';
import { serveFolder } from './support/static-server.js';
import { addContact, runWidgetFlow, watchPage } from './support/widget-flow.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const toolRequire = createRequire(import.meta.url);
let project: ConsumerProject;
let server: ServerProcess;
let browser: Browser;
let scratch: string;

beforeAll(async () => {
  project = await createConsumerProject(fixtures);
  scratch = mkdtempSync(join(tmpdir(), 'cm-consumer-db-'));
  server = await startInstalledServer(project.dir, join(scratch, 'contacts.db'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  project?.remove();
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Sizes of the files a build wrote, for the log. */
function describeOutput(outDir: string): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) {
        const bytes = readFileSync(path);
        lines.push(
          `  ${relative(outDir, path)}: ${kb(bytes.length)} (${kb(gzipSync(bytes).length)} gzip)`,
        );
      }
    }
  };
  walk(outDir);
  return lines.sort().join('\n');
}

function pageUrl(origin: string): string {
  return `${origin}/?api=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.secretKey)}`;
}

describe('Node', () => {
  it('imports the SDK, its subpaths and the server as ES modules', async () => {
    const { stdout } = await project.exec('node', ['node/esm.mjs']);
    expect(JSON.parse(stdout)).toEqual({
      client: 'function',
      errors: 'not_found',
      schema: 'object',
      query: 'object',
      csv: true,
      server: 'function',
    });
  });

  it('requires the SDK and its subpaths from CommonJS', async () => {
    const { stdout } = await project.exec('node', ['node/cjs.cjs']);
    expect(JSON.parse(stdout)).toEqual({
      client: 'function',
      errors: 'not_found',
      schema: 'object',
      csv: 'function',
    });
  });

  it('runs the contacts-manager and contacts-server bins from node_modules/.bin', async () => {
    const cli = await project.exec('node_modules/.bin/contacts-manager', ['--help']);
    expect(cli.stdout).toMatch(/contacts-manager/);
    const serverHelp = await project.exec('node_modules/.bin/contacts-server', ['--help']);
    expect(serverHelp.stdout).toMatch(/--port/);
  });

  it('the installed SDK talks to the installed server (its bin, and startServer in-process)', async () => {
    const { stdout } = await project.exec('node', [
      'node/sdk-against-server.mjs',
      server.url,
      server.secretKey,
      join(scratch, 'embedded.db'),
    ]);
    expect(JSON.parse(stdout)).toEqual({
      created: 'Node Consumer',
      found: true,
      health: { status: 'ok' },
    });
  });

  it('imports the elements, their /define and the React wrapper without a DOM, and renders the wrapper to a string', async () => {
    const { stdout } = await project.exec('node', ['node/ssr.mjs']);
    const result = JSON.parse(stdout) as { html: string; hasDocument: boolean };
    expect(result.hasDocument).toBe(false);
    expect(result.html).toMatch(/^<main><contacts-manager[^>]*>/);
  });
});

describe('TypeScript (strict, skipLibCheck false)', () => {
  const tsc = toolRequire.resolve('typescript/bin/tsc');
  it.each(['bundler', 'node16'])(
    'typechecks a file using the SDK, startServer, the elements and the React wrapper under %s resolution',
    async (mode) => {
      await project.exec('node', [tsc, '-p', `types/tsconfig.${mode}.json`], {
        timeoutMs: 290_000,
      });
    },
  );
});

describe('docs/frameworks.md', () => {
  it('every snippet compiles against the installed packages and each framework’s types', async () => {
    const markdown = readFileSync(join(repoRoot, 'docs/frameworks.md'), 'utf8');
    const written: string[] = [];
    for (const [, language, body] of markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
      const code = body!;
      const named = /^(?:\/\/|<!--) file: (\S+)/.exec(code);
      if (!named) continue;
      const file = named[1]!;
      if (language === 'svelte') {
        // The <script lang="ts"> part, with Svelte's rune declarations.
        const script = /<script lang="ts">([\s\S]*?)<\/script>/.exec(code)?.[1] ?? '';
        written.push(
          project.write(`docs-snippets/${file}.ts`, `/// <reference types="svelte" />\n${script}`),
        );
      } else {
        written.push(project.write(`docs-snippets/${file}`, code));
      }
    }
    expect(written.map((path) => path.split('/').pop())).toEqual(
      expect.arrayContaining([
        'plain.ts',
        'react.tsx',
        'vue.ts',
        'angular.ts',
        'svelte-elements.d.ts',
        'Contacts.svelte.ts',
      ]),
    );
    project.write(
      'docs-snippets/tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          // Angular's decorators, as Angular projects configure them.
          experimentalDecorators: true,
          // The frameworks' own declarations are not what is checked here (the packages' are, above).
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['*.ts', '*.tsx'],
      }),
    );
    await project.exec('node', [
      toolRequire.resolve('typescript/bin/tsc'),
      '-p',
      'docs-snippets/tsconfig.json',
    ]);
  });
});

describe('bundlers, in Chromium against the installed server', () => {
  // vitest runs with NODE_ENV=test, which Vite would keep: a user's `vite build` is a production build.
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(() => void (process.env.NODE_ENV = 'production'));
  afterAll(() => void (process.env.NODE_ENV = nodeEnv));

  it('a Vite production build of a page with <contacts-manager>: list, add, CSV import through the worker', async () => {
    const warnings: string[] = [];
    const outDir = join(project.dir, 'dist-vite');
    const output = (await viteBuild({
      root: join(project.dir, 'web'),
      configFile: false,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
      plugins: [
        {
          name: 'collect-warnings',
          configResolved: (config) =>
            void (config.logger.warn = (message) => void warnings.push(message)),
        },
      ],
    })) as Rollup.RollupOutput;
    expect(output.output.length).toBeGreaterThan(0);
    console.info(`Vite build of the consumer page:\n${describeOutput(outDir)}`);
    expect(warnings.filter((warning) => /empty chunk/i.test(warning))).toEqual([]);
    const site = await serveFolder(outDir);
    const page = await browser.newPage();
    try {
      const result = await runWidgetFlow(page, pageUrl(site.url), 0);
      expect(result.workers.some((url) => /csv-worker/.test(url))).toBe(true);
      expect(result.problemLines).toEqual([3]);
      expect(result.added).toBe('2');
      expect(result.errors).toEqual([]);
    } finally {
      await page.close();
      await site.close();
    }
  });

  it('the same page bundled with esbuild (the worker as a second entry point)', async () => {
    const outDir = join(project.dir, 'dist-esbuild');
    await esbuild({
      absWorkingDir: project.dir,
      entryPoints: [
        { in: './web/main.ts', out: 'app' },
        // esbuild does not follow `new URL(…, import.meta.url)`: the documented recipe names the
        // worker as an entry point written beside the bundle.
        { in: '@contacts-manager/core/csv/worker', out: 'csv-worker' },
      ],
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      outdir: outDir,
      logLevel: 'silent',
    });
    writeFileSync(
      join(outDir, 'index.html'),
      readFileSync(join(project.dir, 'web/index.html'), 'utf8').replace('./main.ts', './app.js'),
    );
    console.info(`esbuild build of the consumer page:\n${describeOutput(outDir)}`);
    const site = await serveFolder(outDir);
    const page = await browser.newPage();
    try {
      const result = await runWidgetFlow(page, pageUrl(site.url), 1);
      expect(result.workers.some((url) => /csv-worker\.js$/.test(url))).toBe(true);
      expect(result.problemLines).toEqual([3]);
      expect(result.added).toBe('2');
      expect(result.errors).toEqual([]);
    } finally {
      await page.close();
      await site.close();
    }
  });

  /** Builds web/main.js, writes an index.html loading `script`, and runs the flow on it. */
  async function checkBuiltPage(outDir: string, script: string, run: number): Promise<void> {
    writeFileSync(
      join(outDir, 'index.html'),
      readFileSync(join(project.dir, 'web/index.html'), 'utf8').replace(
        '<script type="module" src="./main.ts">',
        `<script type="module" src="./${script}">`,
      ),
    );
    const site = await serveFolder(outDir);
    const page = await browser.newPage();
    try {
      const result = await runWidgetFlow(page, pageUrl(site.url), run);
      expect(result.workers.length).toBeGreaterThan(0);
      expect(result.problemLines).toEqual([3]);
      expect(result.added).toBe('2');
      expect(result.errors).toEqual([]);
    } finally {
      await page.close();
      await site.close();
    }
  }

  it('the same page bundled with webpack 5 (it follows new Worker(new URL(…)) by itself)', async () => {
    const outDir = join(project.dir, 'dist-webpack');
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          context: project.dir,
          entry: './web/main.js',
          output: { path: outDir, filename: 'app.js', publicPath: 'auto', clean: true },
          resolve: { modules: [join(project.dir, 'node_modules')] },
          performance: { hints: false },
          // What is checked is how webpack bundles the worker; Terser on these bundles would only add time.
          optimization: { minimize: false },
        },
        (error, result) =>
          error || !result ? reject(error ?? new Error('webpack gave no stats')) : resolve(result),
      ),
    );
    expect(stats.hasErrors(), stats.toString('errors-only')).toBe(false);
    console.info(`webpack build of the consumer page:\n${describeOutput(outDir)}`);
    await checkBuiltPage(outDir, 'app.js', 2);
  });

  it('the same page bundled with Rollup (import-meta-assets copies the self-contained worker)', async () => {
    const outDir = join(project.dir, 'dist-rollup');
    const bundle = await rollup({
      input: join(project.dir, 'web/main.js'),
      plugins: [
        replace({
          preventAssignment: true,
          values: { 'process.env.NODE_ENV': JSON.stringify('production') },
        }),
        nodeResolve({ browser: true, rootDir: project.dir }),
        commonjs(),
        importMetaAssets(),
      ],
      onwarn: () => {},
    });
    await bundle.write({ dir: outDir, format: 'es', entryFileNames: 'app.js' });
    await bundle.close();
    console.info(`Rollup build of the consumer page:\n${describeOutput(outDir)}`);
    await checkBuiltPage(outDir, 'app.js', 3);
  });

  it.each(['19', '18'])(
    'React %s through @contacts-manager/react, built with Vite: props reach the element, events arrive as props',
    async (version) => {
      // React 19 is the consumer project's own; React 18 gets an app of its own beside it, with
      // the same page and the same tarballs, as a React 18 user would have.
      const appDir = version === '19' ? project.dir : join(project.dir, 'react18-app');
      if (version === '18') {
        cpSync(join(fixtures, 'react'), join(appDir, 'react'), { recursive: true });
        const dependencies: Record<string, string> = { react: '^18.3.0', 'react-dom': '^18.3.0' };
        for (const name of ['core', 'elements', 'react'] as const)
          dependencies[`@contacts-manager/${name}`] = `file:${project.tarballs[name]}`;
        project.write(
          'react18-app/package.json',
          JSON.stringify({ name: 'react18-app', private: true, type: 'module', dependencies }),
        );
        await project.exec(
          'npm',
          [
            'install',
            '--prefix',
            appDir,
            '--no-audit',
            '--no-fund',
            '--prefer-offline',
            '--loglevel=error',
          ],
          { timeoutMs: 300_000 },
        );
      }
      const outDir = join(project.dir, `dist-react${version}`);
      await viteBuild({
        root: join(appDir, 'react'),
        configFile: false,
        logLevel: 'silent',
        esbuild: { jsx: 'automatic' },
        build: { outDir, emptyOutDir: true },
      });
      console.info(`Vite build of the consumer React ${version} page:\n${describeOutput(outDir)}`);
      const bundled = readdirSync(join(outDir, 'assets'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => readFileSync(join(outDir, 'assets', name), 'utf8'))
        .join('\n');
      // React stamps its version into the bundle: proof the page really runs the one under test.
      expect(bundled).toMatch(new RegExp(`["']${version}\\.\\d+\\.\\d+["']`));
      const site = await serveFolder(outDir);
      const page = await browser.newPage();
      try {
        const watched = watchPage(page);
        await page.goto(pageUrl(site.url));
        await page
          .locator('contacts-manager')
          .getByRole('option')
          .filter({ visible: true })
          .first()
          .waitFor();
        // A contact of its own per React version: the same phone twice would be a duplicate.
        await addContact(page, `React ${version} Consumer`, `+1 (212) 555-01${version}`);
        await expect
          .poll(() => page.locator('#created').textContent())
          .toBe(`React ${version} Consumer`);
        expect(watched.errors).toEqual([]);
      } finally {
        await page.close();
        await site.close();
      }
    },
  );
});

describe('sideEffects in each published manifest', () => {
  // The files that do something when imported. A blanket `false` lets bundlers drop
  // `import '@contacts-manager/elements/define'` (nothing registers) or empty a worker entry that
  // only imports shared chunks (the import dialog then waits forever).
  const withSideEffects: Record<(typeof PACKAGE_DIRS)[number], string[]> = {
    core: ['dist/csv-worker.js'],
    server: [],
    elements: ['dist/define.js', 'dist/internal/zod-jitless.js'],
    react: ['dist/index.js'],
  };

  it.each(PACKAGE_DIRS)(
    '@contacts-manager/%s names exactly the shipped files that have side effects',
    async (name) => {
      const tarball = project.tarballs[name];
      const manifest = JSON.parse(
        (await project.exec('tar', ['-xzOf', tarball, 'package/package.json'])).stdout,
      ) as {
        sideEffects?: boolean | string[];
      };
      const shipped = new Set(
        (await project.exec('tar', ['-tzf', tarball])).stdout
          .split('\n')
          .map((line) => line.replace(/^package\//, '')),
      );
      if (withSideEffects[name].length === 0) {
        expect(manifest.sideEffects).toBe(false);
        return;
      }
      expect(
        Array.isArray(manifest.sideEffects),
        `sideEffects of ${name} must list its files`,
      ).toBe(true);
      const listed = (manifest.sideEffects as string[]).map((entry) => entry.replace(/^\.\//, ''));
      const shippedListed = listed.filter((entry) => entry.includes('*') || shipped.has(entry));
      for (const file of withSideEffects[name]) {
        expect(shipped.has(file), `${file} is in the tarball`).toBe(true);
        expect(shippedListed, `sideEffects of ${name} names ${file}`).toContain(file);
      }
    },
  );
});

describe('tarball contents', () => {
  it.each(PACKAGE_DIRS)(
    '@contacts-manager/%s: README, LICENSE, no src/, every source map self-contained and every map link resolving',
    async (name) => {
      const tarball = project.tarballs[name];
      const files = (await project.exec('tar', ['-tzf', tarball])).stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^package\//, ''));
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
      expect(files.filter((file) => file.startsWith('src/'))).toEqual([]);
      const unpacked = mkdtempSync(join(tmpdir(), 'cm-tarball-'));
      try {
        await project.exec('tar', ['-xzf', tarball, '-C', unpacked]);
        for (const file of files) {
          const path = join(unpacked, 'package', file);
          if (file.endsWith('.map')) {
            const map = JSON.parse(readFileSync(path, 'utf8')) as {
              sources: string[];
              sourcesContent?: (string | null)[];
            };
            // The sources themselves are not shipped: the map must carry them.
            expect((map.sourcesContent ?? []).length, `${file} carries its sources`).toBe(
              map.sources.length,
            );
            expect(
              (map.sourcesContent ?? []).every((content) => typeof content === 'string'),
              `${file} has every source's text`,
            ).toBe(true);
          } else if (/\.(c|m)?js$/.test(file)) {
            const link = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
            if (link && !link.startsWith('data:'))
              expect(files, `${file} links to a shipped map`).toContain(join(dirname(file), link));
          }
        }
      } finally {
        rmSync(unpacked, { recursive: true, force: true });
      }
    },
  );
});

describe('package linters on each tarball', () => {
  const publintBin = join(import.meta.dirname, 'node_modules/.bin/publint');
  const attwBin = join(import.meta.dirname, 'node_modules/.bin/attw');
  // ESM only on purpose (Lit and the custom elements are ESM only; the server uses top-level ESM):
  // checked with attw's esm-only profile, as each README says.
  const esmOnly = new Set(['server', 'elements', 'react']);
  // The core is dual (ESM and CommonJS) for Node 16+ resolution and bundlers: its subpaths need
  // `exports`, which node10 resolution predates (attw's node16 profile). Its `./csv/worker` is a
  // worker script for bundlers, not a module to require.
  const profiles: Record<string, string[]> = {
    core: ['--profile', 'node16', '--exclude-entrypoints', './csv/worker'],
  };

  it.each(PACKAGE_DIRS)('publint --strict finds nothing in @contacts-manager/%s', async (name) => {
    const { stdout } = await project.exec(publintBin, ['run', '--strict', project.tarballs[name]]);
    console.info(`publint @contacts-manager/${name}: ${stdout.trim()}`);
    expect(stdout).not.toMatch(/Errors|Warnings|Suggestions/);
  });

  it.each(PACKAGE_DIRS)('arethetypeswrong finds nothing in @contacts-manager/%s', async (name) => {
    const profile = esmOnly.has(name) ? ['--profile', 'esm-only'] : (profiles[name] ?? []);
    const { stdout } = await project.exec(attwBin, [
      project.tarballs[name],
      ...profile,
      '--format',
      'ascii',
    ]);
    console.info(
      `attw @contacts-manager/${name}${profile.length ? ` (${profile.join(' ')})` : ''}:\n${stdout.trim()}`,
    );
  });
});
