// `pnpm bench:widget`: the widget's quality bars (quality.md), measured on the PRODUCTION
// script-tag build (dist/cdn) in the system Chromium against the real reference server with
// 100k contacts: (a) bundle sizes, gzip: the initial script-tag load and each lazy chunk;
// (b) first page of contacts painted after the API answered; (c) the longest task while the
// 100k list is scrolled to the end. Medians over several runs; written to bench/results/widget.json.
// Run with tsx and the source condition (the server runs from its TypeScript source).
/* global window, document, performance, requestAnimationFrame, PerformanceObserver -- the measuring functions run in the page */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startWidgetStack } from './widget-stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cdnDir = resolve(here, '../dist/cdn');
const resultsFile = resolve(here, '../../../bench/results/widget.json');
const TOTAL = 100_000;
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const BARS = { initialKb: 60, firstPaintMs: 150, longTaskMs: 50, slowFirstRowsMs: 1000, slowLongTaskMs: 100, slowSearchMs: 100 };
/** Chromium's CPU slowdown for the mid-range phone figures (quality.md), and the rows scrolled there. */
const SLOWDOWN = 4;
const SLOW_SCROLL_ROWS = 20_000;
/** Pixels per frame while scrolling: about four screens, a fast trackpad fling or a scrollbar drag. */
const SCROLL_STEP_PX = 2400;
/** Frames scrolled back up once everything is loaded (about a quarter of the list). */
const BACK_FRAMES = 600;

if (!existsSync(join(cdnDir, 'contacts-manager.js'))) {
  console.error('bench:widget: dist/cdn is missing; build first (pnpm --filter @contacts-manager/elements build).');
  process.exit(1);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// ---- (a) Bundle sizes: what a script tag loads at once (the entry and its static imports), and the rest.
function staticImports(code) {
  const found = new Set();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}
function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
const initial = new Map();
(function visit(file) {
  if (initial.has(file)) return;
  initial.set(file, gzipSize(file));
  for (const specifier of staticImports(readFileSync(file, 'utf8'))) visit(join(dirname(file), specifier));
})(join(cdnDir, 'contacts-manager.js'));
const lazy = listFiles(cdnDir)
  .filter((file) => file.endsWith('.js') && !initial.has(file) && !file.endsWith('.iife.js'))
  .map((file) => ({ file: relative(cdnDir, file), gzipKb: kb(gzipSize(file)) }))
  .sort((a, b) => b.gzipKb - a.gzipKb);
const bundles = {
  initial: {
    gzipKb: kb([...initial.values()].reduce((sum, size) => sum + size, 0)),
    files: [...initial].map(([file, size]) => ({ file: relative(cdnDir, file), gzipKb: kb(size) })),
  },
  lazy,
};
// The classic script is a loader of the module entry: its initial load is the loader plus the module's.
const classicLoader = join(cdnDir, 'contacts-manager.iife.js');
bundles.classic = existsSync(classicLoader)
  ? {
      loaderGzipKb: kb(gzipSize(classicLoader)),
      initialGzipKb: kb(gzipSize(classicLoader) + [...initial.values()].reduce((sum, size) => sum + size, 0)),
    }
  : null;

// ---- The reference server with 100k contacts, and a page that loads the widget by script tag.
const stack = await startWidgetStack({ name: 'Widget bench', contacts: TOTAL, listHeight: 660, cdnDir });
const { siteUrl, seedSeconds } = stack;

/** Runs in the page: watches frames from the start; the frame after a row first exists is its paint. */
function watchFirstPaint() {
  window.__firstRowPaintedAt = 0;
  let seenAt = 0;
  const frame = (now) => {
    const list = document.querySelector('contacts-manager')?.shadowRoot?.querySelector('cm-contact-list');
    if (!seenAt && list?.shadowRoot?.querySelector('[role="option"]')) seenAt = now;
    else if (seenAt) return void (window.__firstRowPaintedAt = now);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
}

/** Runs in the page: scrolls to the end a step per frame; long tasks while it does. */
async function scrollToEnd({ step, total, limitMs = 240_000 }) {
  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  const list = document.querySelector('contacts-manager').shadowRoot.querySelector('cm-contact-list');
  const box = list.shadowRoot.querySelector('[role="listbox"]');
  const startedAt = performance.now();
  let frames = 0;
  // Done once a row at or past `total` is rendered: a frame moves about 43 rows and renders about a
  // screen of them, so a row in the middle of the list may be jumped over (the list's last row never is:
  // the scroll stops there).
  const lastShown = () =>
    [...list.shadowRoot.querySelectorAll('[role="option"]')].find((row) => Number(row.getAttribute('aria-posinset')) >= total);
  while (!lastShown()) {
    if (performance.now() - startedAt > limitMs) throw new Error('the last row never showed');
    box.scrollTop = Math.min(box.scrollTop + step, box.scrollHeight);
    frames++;
    await nextFrame();
  }
  await nextFrame();
  const endedAt = performance.now();
  const tasks = window.__longTasks.filter((task) => task.start + task.duration >= startedAt && task.start <= endedAt);
  return {
    seconds: (endedAt - startedAt) / 1000,
    frames,
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
    lastRowText: lastShown().querySelector('.name')?.textContent ?? '',
  };
}

/** Runs in the page, once every row is loaded: scrolls back up the same way; long tasks while it does. */
async function scrollBack({ step, frames }) {
  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  const list = document.querySelector('contacts-manager').shadowRoot.querySelector('cm-contact-list');
  const box = list.shadowRoot.querySelector('[role="listbox"]');
  const startedAt = performance.now();
  for (let frame = 0; frame < frames && box.scrollTop > 0; frame++) {
    box.scrollTop = Math.max(0, box.scrollTop - step);
    await nextFrame();
  }
  await nextFrame();
  const endedAt = performance.now();
  const tasks = window.__longTasks.filter((task) => task.start + task.duration >= startedAt && task.start <= endedAt);
  return { longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)) };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const runs = [];
const slowRuns = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => console.error('page error:', error.message));
    await tab.addInitScript(watchFirstPaint);
    await tab.goto(siteUrl);
    await tab.waitForFunction(() => window.__firstRowPaintedAt > 0, null, { timeout: 30_000 });
    const firstPaintMs = await tab.evaluate(() => {
      const answer = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/v1/contacts?'));
      return window.__firstRowPaintedAt - answer.responseEnd;
    });
    // Every script the page fetched before the first row painted, dynamic imports included.
    const scriptsBeforePaint = await tab.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.initiatorType === 'script' || entry.name.endsWith('.js'))
        .filter((entry) => entry.responseEnd <= window.__firstRowPaintedAt)
        .map((entry) => new URL(entry.name).pathname),
    );
    const fetchedBeforePaintKb = kb(
      scriptsBeforePaint.reduce((sum, path) => sum + gzipSize(resolve(cdnDir, `.${path}`)), 0),
    );
    const scroll = await tab.evaluate(scrollToEnd, { step: SCROLL_STEP_PX, total: TOTAL });
    const back = await tab.evaluate(scrollBack, { step: SCROLL_STEP_PX, frames: BACK_FRAMES });
    runs.push({
      fetchedBeforePaintKb,
      scriptsBeforePaint,
      firstPaintMs: Math.round(firstPaintMs * 10) / 10,
      ...scroll,
      seconds: Math.round(scroll.seconds * 10) / 10,
      longestTaskMs: Math.round(scroll.longestTaskMs),
      loadedScrollBack: { frames: BACK_FRAMES, longTasks: back.longTasks, longestTaskMs: Math.round(back.longestTaskMs) },
    });
    console.log(
      `run ${run}: first page painted ${firstPaintMs.toFixed(1)} ms after the API answered; scrolled to row ${TOTAL} in ${scroll.seconds.toFixed(1)} s (${scroll.frames} frames), ${scroll.longTasks} long tasks, longest ${scroll.longestTaskMs.toFixed(0)} ms; back up ${BACK_FRAMES} frames through loaded rows: ${back.longTasks} long tasks, longest ${back.longestTaskMs.toFixed(0)} ms`,
    );
    await context.close();
  }
  // A mid-range phone: 4× CPU slowdown. First rows after the API answered, scrolling 20k rows,
  // and search results after the last keystroke (the list's debounce included).
  for (let run = 1; run <= RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    await tab.addInitScript(watchFirstPaint);
    await tab.goto(siteUrl);
    await tab.waitForFunction(() => window.__firstRowPaintedAt > 0, null, { timeout: 60_000 });
    const firstRowsMs = await tab.evaluate(() => {
      const answer = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/v1/contacts?'));
      return window.__firstRowPaintedAt - answer.responseEnd;
    });
    const scroll = await tab.evaluate(scrollToEnd, { step: SCROLL_STEP_PX, total: SLOW_SCROLL_ROWS, limitMs: 900_000 });
    const search = tab.locator('contacts-manager cm-contact-list #search');
    await search.click();
    await search.pressSequentially('Ada And', { delay: 60 });
    const typedAt = await tab.evaluate(() => performance.now());
    await tab.waitForFunction(
      () => {
        const list = document.querySelector('contacts-manager').shadowRoot.querySelector('cm-contact-list').shadowRoot;
        const first = list.querySelector('[role="option"] .name')?.textContent ?? '';
        if (first.startsWith('Ada And') && !window.__searchShownAt) window.__searchShownAt = performance.now();
        return window.__searchShownAt > 0;
      },
      null,
      { timeout: 30_000, polling: 'raf' },
    );
    const searchMs = (await tab.evaluate(() => window.__searchShownAt)) - typedAt;
    slowRuns.push({
      firstRowsMs: Math.round(firstRowsMs),
      scrolledRows: SLOW_SCROLL_ROWS,
      longTasks: scroll.longTasks,
      longestTaskMs: Math.round(scroll.longestTaskMs),
      searchMs: Math.round(searchMs),
    });
    console.log(
      `4× slowdown run ${run}: first rows ${firstRowsMs.toFixed(0)} ms after the API answered; scrolled ${SLOW_SCROLL_ROWS} rows: ${scroll.longTasks} long tasks, longest ${scroll.longestTaskMs.toFixed(0)} ms; search shown ${searchMs.toFixed(0)} ms after the last keystroke`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await stack.close();
}

const firstPaintMs = median(runs.map((run) => run.firstPaintMs));
const longestTaskMs = median(runs.map((run) => run.longestTaskMs));
const loadedLongestTaskMs = median(runs.map((run) => run.loadedScrollBack.longestTaskMs));
const verdict = (ok) => (ok ? 'ok' : 'MISSES');
const fetchedBeforePaintKb = median(runs.map((run) => run.fetchedBeforePaintKb));
const slow = {
  firstRowsMs: median(slowRuns.map((run) => run.firstRowsMs)),
  longestTaskMs: median(slowRuns.map((run) => run.longestTaskMs)),
  searchMs: median(slowRuns.map((run) => run.searchMs)),
};
console.log('\nwidget, production script-tag build (dist/cdn), gzip:');
for (const file of bundles.initial.files) console.log(`  ${String(file.gzipKb).padStart(6)} KB  ${file.file} (initial)`);
for (const file of bundles.lazy) console.log(`  ${String(file.gzipKb).padStart(6)} KB  ${file.file} (lazy)`);
console.log(`initial script-tag load   ${bundles.initial.gzipKb} KB gzip      bar ≤ ${BARS.initialKb} KB   ${verdict(bundles.initial.gzipKb <= BARS.initialKb)}`);
if (bundles.classic)
  console.log(`classic script-tag load   ${bundles.classic.initialGzipKb} KB gzip (loader ${bundles.classic.loaderGzipKb} KB + the module)   bar ≤ ${BARS.initialKb} KB   ${verdict(bundles.classic.initialGzipKb <= BARS.initialKb)}`);
console.log(`scripts fetched before the first row painted (dynamic imports included)   ${fetchedBeforePaintKb} KB gzip   bar ≤ ${BARS.initialKb} KB   ${verdict(fetchedBeforePaintKb <= BARS.initialKb)}`);
console.log(`4× slowdown: first rows ${slow.firstRowsMs} ms (bar ≤ ${BARS.slowFirstRowsMs}) ${verdict(slow.firstRowsMs <= BARS.slowFirstRowsMs)}; longest task scrolling ${SLOW_SCROLL_ROWS} rows ${slow.longestTaskMs} ms (bar ≤ ${BARS.slowLongTaskMs}) ${verdict(slow.longestTaskMs <= BARS.slowLongTaskMs)}; search ${slow.searchMs} ms after the last keystroke (bar ≤ ${BARS.slowSearchMs}) ${verdict(slow.searchMs <= BARS.slowSearchMs)}`);
console.log(`first page painted        ${firstPaintMs.toFixed(1)} ms (median of ${runs.length})   bar ≤ ${BARS.firstPaintMs} ms   ${verdict(firstPaintMs <= BARS.firstPaintMs)}`);
console.log(`longest task, scrolling to the end (loading pages)   ${longestTaskMs.toFixed(0)} ms (median of ${runs.length})   bar ≤ ${BARS.longTaskMs} ms   ${verdict(longestTaskMs <= BARS.longTaskMs)}`);
console.log(`longest task, scrolling the loaded 100k back up       ${loadedLongestTaskMs.toFixed(0)} ms (median of ${runs.length})   bar ≤ ${BARS.longTaskMs} ms   ${verdict(loadedLongestTaskMs <= BARS.longTaskMs)}`);

await mkdir(dirname(resultsFile), { recursive: true });
await writeFile(
  resultsFile,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverage: loadavg().map((value) => Math.round(value * 100) / 100), node: process.version },
      contacts: TOTAL,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      scrollStepPx: SCROLL_STEP_PX,
      bars: BARS,
      bundles,
      medians: { firstPaintMs, longestTaskMs, loadedLongestTaskMs, fetchedBeforePaintKb },
      slowdown: { rate: SLOWDOWN, medians: slow, runs: slowRuns },
      runs,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${relative(process.cwd(), resultsFile)}`);
