// The page script of the browser test: validates a served CSV in the package's module worker,
// counting the workers it starts and the page's heartbeats meanwhile (timings are reported only).
import { validateContactsCsvInWorker } from '../../src/csv/index.js';

interface PageResult {
  valid: number;
  invalid: number;
  firstProblemLine: number | null;
  progressEvents: number;
  /** The scripts of the workers started during the validation. */
  workerScripts: string[];
  /** Timer callbacks the page ran during the validation: it was not frozen throughout. */
  heartbeats: number;
  longestTaskMs: number;
  longestGapMs: number;
  ms: number;
}

declare global {
  interface Window {
    runValidation(url: string): Promise<PageResult>;
  }
}

window.runValidation = async (url: string): Promise<PageResult> => {
  const blob = await (await fetch(url)).blob();
  const NativeWorker = window.Worker;
  const workerScripts: string[] = [];
  window.Worker = class extends NativeWorker {
    constructor(script: string | URL, options?: WorkerOptions) {
      super(script, options);
      workerScripts.push(String(script));
    }
  };
  let longestTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  // A heartbeat: the longest gap between timer callbacks is how long the page froze.
  let longestGapMs = 0;
  let last = performance.now();
  let heartbeats = 0;
  const heartbeat = setInterval(() => {
    heartbeats++;
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  let progressEvents = 0;
  const started = performance.now();
  const report = await validateContactsCsvInWorker(blob, {
    defaultCountry: 'US',
    onProgress: () => progressEvents++,
  });
  const ms = performance.now() - started;
  clearInterval(heartbeat);
  observer.disconnect();
  window.Worker = NativeWorker;
  return {
    valid: report.counts.valid,
    invalid: report.counts.invalid,
    firstProblemLine: report.problems[0]?.line ?? null,
    progressEvents,
    workerScripts,
    heartbeats,
    longestTaskMs,
    longestGapMs,
    ms,
  };
};
