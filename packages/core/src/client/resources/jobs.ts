import { Job } from '../../schema/index.js';
import { JobFailedError, TimeoutError } from '../../errors/contacts-api-error.js';
import type { HttpClient } from '../http-client.js';
import type { JobsResource, WaitForJobOptions } from '../types.js';

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createJobsResource(http: HttpClient): JobsResource {
  const get: JobsResource['get'] = (id, options) =>
    http.json({ method: 'get', path: `jobs/${encodeURIComponent(id)}`, options }, Job);

  async function wait(job: Job | string, options: WaitForJobOptions = {}): Promise<Job> {
    const { signal, onProgress, timeoutMs } = options;
    const maxIntervalMs = options.maxIntervalMs ?? 2_000;
    let intervalMs = options.intervalMs ?? 250;
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    let current = typeof job === 'string' ? await get(job, { signal }) : job;
    for (;;) {
      onProgress?.(current);
      if (current.status === 'succeeded') return current;
      if (current.status === 'failed') throw new JobFailedError(current);
      if (Date.now() + intervalMs > deadline) {
        throw new TimeoutError({
          status: 0,
          code: 'timeout',
          message: `The ${current.kind.replace('_', ' ')} job did not finish within ${timeoutMs} ms.`,
        });
      }
      await sleep(intervalMs, signal);
      intervalMs = Math.min(maxIntervalMs, Math.round(intervalMs * 1.5));
      current = await get(current.id, { signal });
    }
  }

  return { get, wait };
}
