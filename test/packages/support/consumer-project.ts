// A project outside the workspace that installs the packed packages with npm, as a user would:
// nothing in it can resolve a package's `src/` through the workspace or a source condition.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../../..');
export const PACKAGE_DIRS = ['core', 'server', 'elements', 'react'] as const;
export type PackageDir = (typeof PACKAGE_DIRS)[number];

export interface ConsumerProject {
  /** The project's folder (its own package.json and node_modules). */
  dir: string;
  /** The packed tarballs, by package folder. */
  tarballs: Record<PackageDir, string>;
  /** Runs a command in the project; rejects with its output when it exits non-zero. */
  exec(
    command: string,
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<{ stdout: string; stderr: string }>;
  /** Writes a file under the project. */
  write(path: string, text: string): string;
  remove(): void;
}

/** `pnpm pack` of every package: workspace ranges become versions, publishConfig applies. */
async function packAll(destination: string): Promise<Record<PackageDir, string>> {
  const tarballs = {} as Record<PackageDir, string>;
  for (const name of PACKAGE_DIRS) {
    const packageDir = join(repoRoot, 'packages', name);
    if (!existsSync(join(packageDir, 'dist'))) {
      throw new Error(
        `packages/${name}/dist is missing: run \`pnpm build\` before \`pnpm test:packages\`.`,
      );
    }
    const before = new Set(readdirSync(destination));
    await run('pnpm', ['pack', '--pack-destination', destination], {
      cwd: packageDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const made = readdirSync(destination).find(
      (file) => file.endsWith('.tgz') && !before.has(file),
    );
    if (!made) throw new Error(`pnpm pack made no tarball for packages/${name}`);
    tarballs[name] = join(destination, made);
  }
  return tarballs;
}

/**
 * better-sqlite3 compiles from source here (no prebuilt binary can be downloaded), which takes
 * over a minute. The workspace already compiled the very same version for the same Node, so its
 * binary is copied in; any other version is compiled as npm would.
 */
async function provideSqliteBinary(project: ConsumerProject): Promise<void> {
  const installed = join(project.dir, 'node_modules/better-sqlite3');
  const version = (
    JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const workspaceRequire = createRequire(join(repoRoot, 'packages/server/package.json'));
  const workspaceDir = dirname(workspaceRequire.resolve('better-sqlite3/package.json'));
  const workspaceVersion = (
    JSON.parse(readFileSync(join(workspaceDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const binary = join(workspaceDir, 'build/Release/better_sqlite3.node');
  if (version === workspaceVersion && existsSync(binary)) {
    mkdirSync(join(installed, 'build/Release'), { recursive: true });
    copyFileSync(binary, join(installed, 'build/Release/better_sqlite3.node'));
    return;
  }
  await project.exec('npm', ['rebuild', 'better-sqlite3'], {
    env: { npm_config_nodedir: '/usr' },
    timeoutMs: 300_000,
  });
}

/**
 * Packs every package and installs the tarballs, with React and the types a TypeScript user
 * adds, into a fresh folder under the system's temporary directory. npm uses the registry and
 * cache it is configured with (offline-friendly: `--prefer-offline`).
 */
export async function createConsumerProject(fixtures: string): Promise<ConsumerProject> {
  const dir = mkdtempSync(join(tmpdir(), 'cm-consumer-'));
  const packs = join(dir, '.packs');
  mkdirSync(packs);
  const project: ConsumerProject = {
    dir,
    tarballs: await packAll(packs),
    async exec(command, args, options = {}) {
      try {
        return await run(command, args, {
          cwd: dir,
          env: { ...process.env, ...options.env },
          timeout: options.timeoutMs ?? 120_000,
          maxBuffer: 32 * 1024 * 1024,
        });
      } catch (error) {
        const failure = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `${command} ${args.join(' ')} failed: ${failure.message}\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
        );
      }
    },
    write(path, text) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      return target;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const dependencies: Record<string, string> = {
    react: '^19.0.0',
    'react-dom': '^19.0.0',
    '@types/react': '^19.0.0',
    '@types/react-dom': '^19.0.0',
    '@types/node': '^20.19.0',
    // The frameworks whose snippets docs/frameworks.md shows (typechecked, not run).
    vue: '^3.5.0',
    svelte: '^5.0.0',
    '@angular/core': '^20.0.0',
    rxjs: '^7.8.0',
  };
  for (const name of PACKAGE_DIRS)
    dependencies[`@contacts-manager/${name}`] = `file:${project.tarballs[name]}`;
  project.write(
    'package.json',
    JSON.stringify({ name: 'consumer-app', private: true, type: 'module', dependencies }, null, 2),
  );
  cpSync(fixtures, dir, { recursive: true });
  // Install scripts are skipped only to reuse the workspace's better-sqlite3 build (see above);
  // esbuild's platform binary comes as an optional dependency and needs none.
  await project.exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      '--loglevel=error',
    ],
    { timeoutMs: 600_000 },
  );
  await provideSqliteBinary(project);
  return project;
}
