// The last stage: commit the staged chunks (one transaction on the server) and wait for its job.
import type { ContactsClient } from '../client/types.js';
import type { Job } from '../schema/index.js';
import { abortReason, isRetryable, sleep } from './send-chunk.js';

/**
 * Asks the server to commit, retrying what can be retried (the idempotency key makes a repeat
 * harmless), and returns the commit's job id. A commit whose answer was lost is found on the import.
 */
export async function commitImport(
  client: ContactsClient,
  importId: string,
  { signal, maxAttempts }: { signal: AbortSignal | undefined; maxAttempts: number },
): Promise<string> {
  const idempotencyKey = `commit-${importId}`;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await client.imports.commit(importId, { signal, idempotencyKey })).id;
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (!isRetryable(error) || attempt >= maxAttempts) throw error;
        await sleep(Math.min(30_000, 500 * 2 ** attempt), signal);
      }
    }
  } catch (error) {
    // Committed by an earlier attempt whose answer was lost: the import knows its job.
    const current = await client.imports.get(importId, { signal });
    if (!current.jobId) throw error;
    return current.jobId;
  }
}

/**
 * Waits for the commit's job, with short polls throughout: a small import commits in well
 * under a second, and a long poll interval would add up to its length to every import's end
 * (a 1 s ceiling cost half a second on average; a job read is cheap).
 */
export function waitForCommit(
  client: ContactsClient,
  jobId: string,
  { signal, onProgress }: { signal: AbortSignal | undefined; onProgress: (job: Job) => void },
): Promise<Job> {
  return client.jobs.wait(jobId, {
    signal,
    intervalMs: 100,
    maxIntervalMs: 250,
    onProgress,
  });
}
