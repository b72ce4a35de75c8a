// `pnpm bench:widget-trace`: where the time goes while the contact list scrolls. Loads the
// production script-tag build (dist/cdn) in the system Chromium against the real reference server,
// slows the CPU like a mid-range phone (4×, CDP Emulation.setCPUThrottlingRate), records a
// performance trace (CDP Tracing, devtools.timeline categories and the V8 sampling profiler) while
// the list scrolls to its end, then prints the top costs: main-thread time by kind of work, the
// long tasks and what filled them, forced style/layout from script, and the hottest functions.
// Written next to bench:widget's figures as bench/results/widget-trace.json.
// Env: CONTACTS (default 20000), SLOWDOWN (default 4), PHASE=load|loaded (scroll while pages load,
// the default, or scroll back up through rows already loaded), PROFILE=1 (function profile),
// TRACE_FILE (keep the raw trace).
/* global document, performance, requestAnimationFrame -- the scrolling function runs in the page */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWidgetStack } from './widget-stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cdnDir = resolve(here, '../dist/cdn');
const resultsFile = resolve(here, '../../../bench/results/widget-trace.json');
const TOTAL = Number(process.env.CONTACTS ?? 20_000);
const SLOWDOWN = Number(process.env.SLOWDOWN ?? 4);
const PHASE = process.env.PHASE === 'loaded' ? 'loaded' : 'load';
const SCROLL_STEP_PX = 2400;
const LONG_TASK_MS = 50;

if (!existsSync(join(cdnDir, 'contacts-manager.js'))) {
  console.error(
    'bench:widget-trace: dist/cdn is missing; build first (pnpm --filter @contacts-manager/elements build).',
  );
  process.exit(1);
}

const stack = await startWidgetStack({
  name: 'Widget trace',
  contacts: TOTAL,
  listHeight: 800,
  cdnDir,
});

/** Runs in the page: scrolls a step per frame, down to the last row (or back up to the first). */
async function scroll({ step, total, up, maxFrames = Infinity }) {
  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  const list = document
    .querySelector('contacts-manager')
    .shadowRoot.querySelector('cm-contact-list');
  const box = list.shadowRoot.querySelector('[role="listbox"]');
  const done = () =>
    up
      ? box.scrollTop === 0
      : list.shadowRoot.querySelector(`[role="option"][aria-posinset="${total}"]`) !== null;
  const startedAt = performance.now();
  for (let frame = 0; frame < maxFrames && !done(); frame++) {
    if (performance.now() - startedAt > 900_000)
      throw new Error('the scroll never reached its end');
    box.scrollTop = up
      ? Math.max(0, box.scrollTop - step)
      : Math.min(box.scrollTop + step, box.scrollHeight);
    await nextFrame();
  }
  await nextFrame();
}

// ---- Trace analysis ------------------------------------------------------------------------
/** Events that run script: work nested in them that recalculates style or lays out was forced by script. */
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.callFunction',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'RunMicrotasks',
  'v8.evaluateModule',
]);
const KINDS = {
  UpdateLayoutTree: 'style recalculation',
  RecalculateStyles: 'style recalculation',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'pre-paint',
  Layerize: 'layerize',
  UpdateLayer: 'layers',
  Commit: 'commit',
  HitTest: 'hit test',
  ParseHTML: 'HTML parsing',
  MinorGC: 'garbage collection',
  MajorGC: 'garbage collection',
  'V8.GCScavenger': 'garbage collection',
  'V8.GCFinalizeMC': 'garbage collection',
  'V8.GC_MC_BACKGROUND_MARKING': 'garbage collection',
  'BlinkGC.AtomicPhase': 'garbage collection',
  'v8.compile': 'script compile',
  'v8.parseOnBackground': 'script compile',
  'V8.CompileCode': 'script compile',
  ResourceReceivedData: 'network',
  ResourceReceiveResponse: 'network',
  ResourceFinish: 'network',
  XHRReadyStateChange: 'network',
};
const kindOf = (name) => KINDS[name] ?? (SCRIPT_EVENTS.has(name) ? 'script' : 'other');

function analyse(events) {
  const threadNames = new Map();
  for (const event of events)
    if (event.ph === 'M' && event.name === 'thread_name')
      threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
  const mainKeys = [...threadNames]
    .filter(([, name]) => name === 'CrRendererMain')
    .map(([key]) => key);
  // The renderer main thread with the most work is the page's.
  const byThread = new Map(mainKeys.map((key) => [key, []]));
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (byThread.has(key) && event.ph === 'X' && typeof event.dur === 'number')
      byThread.get(key).push(event);
  }
  const [mainKey, main] = [...byThread].sort((a, b) => b[1].length - a[1].length)[0];
  main.sort((a, b) => a.ts - b.ts || b.dur - a.dur);

  // Nest complete events into a tree per top-level task, and compute self times.
  const roots = [];
  const stack = [];
  for (const event of main) {
    const node = {
      name: event.name,
      ts: event.ts,
      end: event.ts + event.dur,
      dur: event.dur,
      tdur: event.tdur ?? event.dur,
      args: event.args,
      children: [],
    };
    while (stack.length && stack[stack.length - 1].end <= node.ts) stack.pop();
    if (stack.length) stack[stack.length - 1].children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  const selfByKind = new Map();
  const selfByName = new Map();
  let forcedStyle = 0;
  let forcedLayout = 0;
  const forcedExamples = new Map();
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
  function walk(node, inScript, into) {
    const childTime = node.children.reduce(
      (sum, child) => sum + Math.min(child.dur, node.end - child.ts),
      0,
    );
    const self = Math.max(0, node.dur - childTime);
    const kind = kindOf(node.name);
    add(selfByKind, kind, self);
    add(selfByName, node.name, self);
    if (into) add(into, kind, self);
    if (inScript && (node.name === 'UpdateLayoutTree' || node.name === 'Layout')) {
      if (node.name === 'Layout') forcedLayout++;
      else forcedStyle++;
      const frame = node.args?.beginData?.stackTrace?.[0] ?? node.args?.data?.stackTrace?.[0];
      const where = frame
        ? `${frame.functionName || '(anonymous)'} ${frame.url?.split('/').pop()}:${frame.lineNumber}`
        : 'unknown';
      add(forcedExamples, `${node.name} from ${where}`, 1);
    }
    for (const child of node.children) walk(child, inScript || SCRIPT_EVENTS.has(node.name), into);
  }
  const tasks = roots.filter(
    (node) => node.name === 'RunTask' || node.name === 'ThreadControllerImpl::RunTask',
  );
  const longTasks = [];
  for (const root of roots) {
    const into = root.dur / 1000 > LONG_TASK_MS ? new Map() : null;
    walk(root, false, into);
    if (into)
      longTasks.push({
        ms: Math.round(root.dur / 100) / 10,
        byKind: Object.fromEntries(
          [...into]
            .filter(([, v]) => v > 500)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => [k, Math.round(v / 100) / 10]),
        ),
      });
  }
  const total = [...selfByKind.values()].reduce((sum, value) => sum + value, 0);
  const ms = (us) => Math.round(us / 100) / 10;
  // Thread time (tdur) leaves out the time the OS gave the CPU to other processes: on a shared,
  // loaded machine it is the steadier measure of the page's own work.
  const taskCpu = tasks.map((task) => task.tdur).sort((a, b) => a - b);
  const frames = main.filter((event) => event.name === 'FireAnimationFrame').length;
  return {
    mainThread: mainKey,
    tasks: tasks.length,
    busyMs: ms(total),
    thread: {
      cpuMs: ms(taskCpu.reduce((sum, value) => sum + value, 0)),
      animationFrames: frames,
      cpuPerFrameMs: frames ? ms(taskCpu.reduce((sum, value) => sum + value, 0) / frames) : null,
      tasksOver50MsCpu: taskCpu.filter((value) => value > LONG_TASK_MS * 1000).length,
      longestTaskCpuMs: ms(taskCpu[taskCpu.length - 1] ?? 0),
      p95TaskCpuMs: ms(taskCpu[Math.floor(taskCpu.length * 0.95)] ?? 0),
    },
    byKind: [...selfByKind]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, us]) => ({ kind, ms: ms(us), share: `${Math.round((us / total) * 100)}%` })),
    topEvents: [...selfByName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, us]) => ({ name, ms: ms(us) })),
    forcedFromScript: {
      styleRecalculations: forcedStyle,
      layouts: forcedLayout,
      where: [...forcedExamples]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([where, count]) => ({ where, count })),
    },
    longTasks: {
      count: longTasks.length,
      longestMs: Math.max(0, ...longTasks.map((task) => task.ms)),
      longest: longTasks.sort((a, b) => b.ms - a.ms).slice(0, 6),
    },
  };
}

/** The V8 sampling profiler's chunks in the trace: self time per function. */
function hotFunctions(events) {
  const nodes = new Map();
  const self = new Map();
  for (const event of events) {
    if (event.name !== 'ProfileChunk') continue;
    const profile = event.args?.data?.cpuProfile;
    const deltas = event.args?.data?.timeDeltas ?? [];
    for (const node of profile?.nodes ?? []) nodes.set(`${event.id}:${node.id}`, node.callFrame);
    (profile?.samples ?? []).forEach((sample, index) => {
      const key = `${event.id}:${sample}`;
      self.set(key, (self.get(key) ?? 0) + (deltas[index + 1] ?? 0));
    });
  }
  const byFunction = new Map();
  for (const [key, us] of self) {
    const frame = nodes.get(key);
    if (!frame) continue;
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${frame.url.split('/').pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
    if (['(idle)', '(program)', '(root)'].includes(frame.functionName)) continue;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10 }));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let summary;
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const tab = await context.newPage();
  tab.on('pageerror', (error) => console.error('page error:', error.message));
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  await tab.goto(stack.siteUrl);
  await tab.waitForFunction(
    () =>
      document
        .querySelector('contacts-manager')
        ?.shadowRoot?.querySelector('cm-contact-list')
        ?.shadowRoot?.querySelector('[role="option"]'),
    null,
    { timeout: 60_000 },
  );
  if (PHASE === 'loaded')
    await tab.evaluate(scroll, { step: SCROLL_STEP_PX, total: TOTAL, up: false });
  const categories = [
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'disabled-by-default-devtools.timeline.stack',
    'v8.execute',
    'blink.user_timing',
    // The sampling profiler names the hot functions but slows the page: PROFILE=1 turns it on.
    ...(process.env.PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : []),
  ];
  await browser.startTracing(tab, { categories });
  const startedAt = Date.now();
  // Back up through loaded rows: as many frames as bench:widget scrolls back (about a quarter of 100k).
  await tab.evaluate(scroll, {
    step: SCROLL_STEP_PX,
    total: TOTAL,
    up: PHASE === 'loaded',
    maxFrames: PHASE === 'loaded' ? 600 : Infinity,
  });
  const seconds = (Date.now() - startedAt) / 1000;
  const buffer = await browser.stopTracing();
  if (process.env.TRACE_FILE) await writeFile(process.env.TRACE_FILE, buffer);
  const { traceEvents } = JSON.parse(buffer.toString('utf8'));
  summary = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
      node: process.version,
    },
    contacts: TOTAL,
    slowdown: SLOWDOWN,
    phase:
      PHASE === 'load'
        ? 'scrolling down while pages load'
        : 'scrolling back up through loaded rows',
    seconds: Math.round(seconds * 10) / 10,
    ...analyse(traceEvents),
    hotFunctions: hotFunctions(traceEvents),
  };
  await context.close();
} finally {
  await browser.close();
  await stack.close();
}

console.log(JSON.stringify(summary, null, 2));
await mkdir(dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nwritten to ${relative(process.cwd(), resultsFile)}`);
