// Hostile files in the import dialog: each must end in a clear message or a bounded mapping step,
// with the page responsive throughout (no main-thread task over 200 ms) and its memory bounded.
import { expect, waitUntil } from '@open-wc/testing';
import { mountManager } from '../../test/mount.js';
import { textOf } from '../../test/dom.js';
import type { ImportDialogElement } from './import-dialog.js';

interface Outcome {
  text: string;
  longTasksMs: number[];
  peakHeapMb: number | null;
  nodes: number;
  /** The buttons a user can press. */
  buttons: string[];
}

function heapBytes(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

async function chooseHostileFile(file: File): Promise<Outcome> {
  const { element } = await mountManager();
  await element.openImport();
  const dialog = element.shadowRoot!.querySelector<ImportDialogElement>('cm-import-dialog')!;
  await dialog.updateComplete;
  const root = dialog.shadowRoot!;
  const longTasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  let peak = heapBytes();
  const sampler = setInterval(() => {
    const now = heapBytes();
    if (now !== null && peak !== null) peak = Math.max(peak, now);
  }, 25);
  try {
    const input = root.querySelector<HTMLInputElement>('#file-input')!;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(
      () => root.querySelector('[role="alert"], .mapping select'),
      `no outcome for ${file.name}`,
      { timeout: 60_000, interval: 20 },
    );
    await dialog.updateComplete;
    // Let any task the outcome queued run (and be observed) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      text: textOf(root.querySelector('.dialog-body')),
      longTasksMs: longTasks
        .filter((task) => task.duration > 200)
        .map((task) => Math.round(task.duration)),
      peakHeapMb: peak === null ? null : Math.round(peak / 1024 / 1024),
      nodes: root.querySelectorAll('*').length,
      buttons: [...root.querySelectorAll<HTMLButtonElement>('button')]
        .filter((button) => !button.disabled)
        .map(textOf),
    };
  } finally {
    clearInterval(sampler);
    observer.disconnect();
  }
}

describe('<cm-import-dialog> against hostile files', () => {
  it('1,000,000 columns: refused in words, no mapping of a million selects, no import button', async () => {
    const row = `x${','.repeat(999_999)}\n`;
    const outcome = await chooseHostileFile(
      new File([row, row, row, row], 'million-columns.csv', { type: 'text/csv' }),
    );
    console.log(`hostile 1M columns: peak heap ${outcome.peakHeapMb} MB, ${outcome.nodes} nodes`);
    expect(outcome.text).to.contain(
      'This file has 1,000,000 columns; a contacts file has at most 1,000.',
    );
    expect(outcome.buttons).not.to.include('Import Contacts');
    expect(outcome.longTasksMs, 'main-thread tasks over 200 ms').to.deep.equal([]);
    expect(outcome.nodes).to.be.below(500);
    if (outcome.peakHeapMb !== null) expect(outcome.peakHeapMb).to.be.below(200);
  });

  it('a 10 MB single field: the mapping step shows the column, its sample cut short', async () => {
    const field = 'x'.repeat(10 * 1024 * 1024);
    const outcome = await chooseHostileFile(
      new File([`Full Name,Phone\n"${field}",+12025550100\n`], 'huge-field.csv', {
        type: 'text/csv',
      }),
    );
    console.log(`hostile 10 MB field: peak heap ${outcome.peakHeapMb} MB, ${outcome.nodes} nodes`);
    expect(outcome.text).to.contain('Full Name');
    expect(outcome.text.length).to.be.below(5000);
    expect(outcome.longTasksMs, 'main-thread tasks over 200 ms').to.deep.equal([]);
    if (outcome.peakHeapMb !== null) expect(outcome.peakHeapMb).to.be.below(200);
  });

  it('a NUL flood: refused as binary data', async () => {
    const outcome = await chooseHostileFile(
      new File(['Full Name,Phone\n', new Uint8Array(8 * 1024 * 1024)], 'nul-flood.csv', {
        type: 'text/csv',
      }),
    );
    console.log(`hostile NUL flood: peak heap ${outcome.peakHeapMb} MB, ${outcome.nodes} nodes`);
    expect(outcome.text).to.contain('binary data');
    expect(outcome.buttons).not.to.include('Import Contacts');
    expect(outcome.longTasksMs, 'main-thread tasks over 200 ms').to.deep.equal([]);
    if (outcome.peakHeapMb !== null) expect(outcome.peakHeapMb).to.be.below(200);
  });
});
