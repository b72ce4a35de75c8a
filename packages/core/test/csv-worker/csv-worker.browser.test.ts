// The CSV pipeline in a real browser (the system Chromium through playwright-core): it runs
// in the package's module worker, so the page keeps running while 200k rows are validated
// (quality.md). The main thread's longest task is printed, not asserted: timings belong in
// the benches, and this machine's load would make a bound flaky.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchCsv } from '../../bench/generate-csv.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = fileURLToPath(new URL('.', import.meta.url));
const ROWS = 200_000;

describe.skipIf(!existsSync(CHROMIUM))('validateContactsCsvInWorker in Chromium', () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-csv-worker-'));
    // The page and the worker, bundled the way an app's bundler would: the worker next to the code that starts it.
    await build({
      entryPoints: {
        page: join(here, 'worker-page.ts'),
        'csv-worker': join(here, '../../src/csv/csv-worker.ts'),
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@contacts-manager/source'],
      outdir: dir,
      logLevel: 'warning',
    });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>',
    );
    await writeBenchCsv(join(dir, 'contacts.csv'), ROWS);
    server = createServer(async (request, response) => {
      const name = (request.url ?? '/').split('?')[0]!.replace(/^\/+/, '') || 'index.html';
      try {
        const body = await readFile(join(dir, name));
        const type = name.endsWith('.js')
          ? 'text/javascript'
          : name.endsWith('.html')
            ? 'text/html'
            : 'text/csv';
        response.writeHead(200, { 'content-type': type });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates 200k rows off the main thread, in one worker, with progress', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => typeof window.runValidation === 'function');
    const result = await page.evaluate(
      (url) => window.runValidation(url),
      `${origin}/contacts.csv`,
    );
    expect(errors).toEqual([]);
    expect(result.valid).toBe(ROWS - ROWS / 100);
    expect(result.invalid).toBe(ROWS / 100);
    expect(result.firstProblemLine).toBe(101);
    expect(result.progressEvents).toBeGreaterThan(1);
    console.info(
      `200k rows in the worker: ${result.ms.toFixed(0)} ms; longest main-thread task ${result.longestTaskMs.toFixed(0)} ms, longest timer gap ${result.longestGapMs.toFixed(0)} ms`,
    );
    expect(result.workerScripts).toEqual([expect.stringMatching(/\/csv-worker\.js$/)]);
    expect(result.heartbeats).toBeGreaterThan(1);
  }, 60_000);
});
