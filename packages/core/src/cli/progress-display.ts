import type { ImportProgress } from '../import/run-import.js';

export interface Output {
  write(text: string | Uint8Array): unknown;
  isTTY?: boolean;
  columns?: number;
}

const PHASE_LABELS: Record<ImportProgress['phase'], string> = {
  validating: 'validating',
  uploading: 'uploading',
  committing: 'committing',
  done: 'done',
};

/** A progress bar redrawn in place on a terminal; plain lines (each phase, every 10 %) otherwise. */
export function createProgressDisplay(output: Output): {
  update(progress: ImportProgress): void;
  end(): void;
} {
  let lastPhase = '';
  let lastTenth = -1;
  let drawn = false;
  return {
    update(progress) {
      const percent = Math.floor(progress.fraction * 100);
      const detail =
        progress.phase === 'validating'
          ? `${progress.rowsValidated.toLocaleString('en-US')} rows`
          : progress.phase === 'uploading'
            ? `${progress.chunksUploaded}/${progress.chunksTotal} chunks, ${progress.rowsUploaded.toLocaleString('en-US')}/${progress.rowsTotal.toLocaleString('en-US')} rows`
            : progress.job
              ? `job ${progress.job.status} ${progress.job.progress.done.toLocaleString('en-US')}/${progress.job.progress.total.toLocaleString('en-US')}`
              : '';
      if (output.isTTY) {
        const width = 28;
        const filled = Math.round((percent / 100) * width);
        const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${PHASE_LABELS[progress.phase]} ${detail}`;
        output.write(
          `\r${line.slice(0, (output.columns ?? 100) - 1).padEnd(Math.min(99, (output.columns ?? 100) - 1))}`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(percent / 10);
      if (progress.phase !== lastPhase || tenth !== lastTenth) {
        lastPhase = progress.phase;
        lastTenth = tenth;
        output.write(`${percent}% ${PHASE_LABELS[progress.phase]}${detail ? ` ${detail}` : ''}\n`);
      }
    },
    end() {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
}
