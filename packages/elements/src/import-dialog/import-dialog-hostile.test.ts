// Hostile files in the import dialog: each must end in a clear message or a bounded mapping step,
// read in a worker (the page stays responsive: its timings are bench:csv's business) with its
// memory and DOM bounded.
import { expect, waitUntil } from '@open-wc/testing';
import { mountManager } from '../../test/mount.js';
import { textOf } from '../../test/dom.js';
import type { ImportDialogElement } from './import-dialog.js';

interface Outcome {
  text: string;
  /** Workers the dialog started to read the file. */
  workers: number;
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
  const NativeWorker = window.Worker;
  let workers = 0;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workers++;
    }
  };
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
    return {
      text: textOf(root.querySelector('.dialog-body')),
      workers,
      peakHeapMb: peak === null ? null : Math.round(peak / 1024 / 1024),
      nodes: root.querySelectorAll('*').length,
      buttons: [...root.querySelectorAll<HTMLButtonElement>('button')]
        .filter((button) => !button.disabled)
        .map(textOf),
    };
  } finally {
    clearInterval(sampler);
    window.Worker = NativeWorker;
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
    expect(outcome.workers, 'read in a worker, off the page').to.equal(1);
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
    expect(outcome.workers, 'read in a worker, off the page').to.equal(1);
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
    expect(outcome.workers, 'read in a worker, off the page').to.equal(1);
    if (outcome.peakHeapMb !== null) expect(outcome.peakHeapMb).to.be.below(200);
  });
});
