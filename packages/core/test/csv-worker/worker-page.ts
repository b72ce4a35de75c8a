// The page script of the browser test: validates a served CSV in the package's module worker
// while the main thread measures how long it is ever blocked.
import { validateContactsCsvInWorker } from '../../src/csv/index.js';

interface PageResult {
  valid: number;
  invalid: number;
  firstProblemLine: number | null;
  progressEvents: number;
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
  let longestTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  // A heartbeat: the longest gap between timer callbacks is how long the page froze.
  let longestGapMs = 0;
  let last = performance.now();
  const heartbeat = setInterval(() => {
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
  return {
    valid: report.counts.valid,
    invalid: report.counts.invalid,
    firstProblemLine: report.problems[0]?.line ?? null,
    progressEvents,
    longestTaskMs,
    longestGapMs,
    ms,
  };
};
