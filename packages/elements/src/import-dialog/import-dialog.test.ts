import { expect, waitUntil } from '@open-wc/testing';
import type { ImportCompleteEventDetail } from '../events.js';
import { mountManager } from '../../test/mount.js';
import { textOf, typeInto } from '../../test/dom.js';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import type { ImportDialogElement } from './import-dialog.js';

async function openImportDialog(
  element: ContactsManagerElement,
): Promise<{ dialog: ImportDialogElement; root: ShadowRoot }> {
  await element.openImport();
  const dialog = element.shadowRoot!.querySelector<ImportDialogElement>('cm-import-dialog')!;
  await dialog.updateComplete;
  return { dialog, root: dialog.shadowRoot! };
}

function buttonNamed(root: ShadowRoot, name: string): HTMLButtonElement {
  const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (item) => textOf(item) === name,
  );
  if (!button)
    throw new Error(
      `No button "${name}" (have: ${[...root.querySelectorAll('button')].map(textOf).join(' | ')})`,
    );
  return button;
}

/** The import the page last addressed (a chunk, a commit, an abort), read from its requests (resource timing). */
function lastImportId(): string {
  const ids = performance
    .getEntriesByType('resource')
    .map((entry) => /\/v1\/imports\/([^/?]+)/.exec(entry.name)?.[1])
    .filter((id): id is string => id !== undefined);
  if (ids.length === 0) throw new Error('The page addressed no import.');
  return ids[ids.length - 1]!;
}

/** Resource timing keeps 250 entries by default: room for every request of a big import. */
function recordRequests(): void {
  performance.setResourceTimingBufferSize(100_000);
  performance.clearResourceTimings();
}

async function paste(dialog: ImportDialogElement, csv: string): Promise<void> {
  const root = dialog.shadowRoot!;
  const pasteRadio = root.querySelector<HTMLInputElement>('input[name="source"][value="paste"]')!;
  pasteRadio.click();
  await dialog.updateComplete;
  const textarea = root.querySelector<HTMLTextAreaElement>('#paste-input')!;
  textarea.value = csv;
  textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  // The preview (header detection, mapping) runs shortly after typing stops.
  await waitUntil(
    () => root.querySelector('.mapping select'),
    'the column mapping never appeared',
    { timeout: 5000 },
  );
  await dialog.updateComplete;
}

describe('<cm-import-dialog>', () => {
  it('opens as a modal with a downloadable sample CSV, and returns focus to the Import button on close', async () => {
    const { element } = await mountManager();
    const importButton = element.shadowRoot!.querySelector<HTMLButtonElement>('button.import')!;
    importButton.focus();
    const { dialog, root } = await openImportDialog(element);
    const native = root.querySelector('dialog')!;
    expect(native.open).to.equal(true);
    expect(textOf(root.querySelector('h2'))).to.equal('Import Contacts');

    const sample = root.querySelector<HTMLAnchorElement>('a[download]')!;
    expect(sample.href.startsWith('blob:')).to.equal(true);
    const sampleText = await (await fetch(sample.href)).text();
    expect(sampleText.split(/\r?\n/)[0]).to.equal('Full Name,Phone,Email');

    let closed = 0;
    element.addEventListener('cm-dialog-close', () => closed++);
    buttonNamed(root, 'Cancel').click();
    await waitUntil(() => closed === 1, 'cm-dialog-close never fired');
    expect(native.open).to.equal(false);
    await waitUntil(
      () => element.shadowRoot!.activeElement === importButton,
      'focus did not return to the Import button',
    );
    await expect(dialog).to.be.accessible();
  });

  it('says when there is no list and creates one inline, then selects it', async () => {
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    expect(textOf(root.querySelector('.dialog-body'))).to.contain('You have no lists yet');
    typeInto(root.querySelector<HTMLInputElement>('#new-list-name')!, 'Spring newsletter');
    await dialog.updateComplete;
    buttonNamed(root, 'Create list').click();
    await waitUntil(
      () => textOf(root.querySelector('[role="status"]')).includes('created'),
      'the list was never created',
    );
    const lists = await admin.lists.list();
    const created = lists.data.find((list) => list.name === 'Spring newsletter');
    expect(created, 'the list exists on the server').to.not.equal(undefined);
    await waitUntil(
      () => root.querySelector<HTMLSelectElement>('#list-select')?.value === created!.id,
      'the new list is not selected',
    );
  });

  it('reports every bad row with its line, imports nothing, then imports only the valid rows into the list', async () => {
    const { element, admin } = await mountManager();
    const list = await admin.lists.create({ name: 'Customers' });
    await element.store!.refreshLists();
    const { dialog, root } = await openImportDialog(element);
    const csv = [
      'Full Name,Phone,Email',
      'Ada Lovelace,(201) 555-0123,ada@example.com',
      'No Phone,,nophone@example.com',
      ',(201) 555-0145,',
      'Grace Hopper,+1 212 555 0182,not-an-email',
      'Alan Turing,201-555-0199,',
    ].join('\n');
    await paste(dialog, csv);

    // The header row is detected: "Skip First Line" is ticked and the columns are matched.
    const skip = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(skip.checked).to.equal(true);
    const mapped = [...root.querySelectorAll<HTMLSelectElement>('.mapping select')].map(
      (select) => select.value,
    );
    expect(mapped).to.deep.equal(['fullName', 'phone', 'email']);

    const select = root.querySelector<HTMLSelectElement>('#list-select')!;
    select.value = list.id;
    select.dispatchEvent(new Event('change'));
    await dialog.updateComplete;

    buttonNamed(root, 'Import Contacts').click();
    await waitUntil(() => root.querySelector('table'), 'no validation report', { timeout: 15_000 });
    const rows = [...root.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map(textOf),
    );
    const lines = rows.map((cells) => Number(cells[0]));
    expect(lines).to.deep.equal([3, 4, 5]);
    expect(rows[0]![1]).to.equal('Phone');
    expect(rows[2]![1]).to.equal('Email');
    expect(rows[2]![2]).to.equal('not-an-email');
    expect(textOf(root.querySelector('.summary'))).to.equal(
      '5 rows: 2 ready to import, 3 with problems.',
    );
    expect(
      (await admin.contacts.list()).total,
      'nothing is sent before the user confirms',
    ).to.equal(0);

    const submit = buttonNamed(root, 'Import Contacts');
    expect(submit.disabled).to.equal(true);
    const onlyValid = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].at(
      -1,
    )!;
    onlyValid.click();
    await dialog.updateComplete;
    expect(buttonNamed(root, 'Import Contacts').disabled).to.equal(false);

    const completed = new Promise<ImportCompleteEventDetail>((resolve) =>
      element.addEventListener('contacts-import-complete', (event) => resolve(event.detail), {
        once: true,
      }),
    );
    buttonNamed(root, 'Import Contacts').click();
    const detail = await completed;
    expect(detail.counts.created).to.equal(2);
    expect(detail.listId).to.equal(list.id);
    await waitUntil(() => root.querySelector('.result'), 'no result summary');
    const figures = Object.fromEntries(
      [...root.querySelectorAll('.result div')].map((item) => [
        textOf(item.querySelector('dt')),
        textOf(item.querySelector('dd')),
      ]),
    );
    expect(figures).to.include({ Added: '2', Updated: '0', Unchanged: '0' });

    const imported = await admin.contacts.list({ listId: list.id });
    expect(imported.data.map((contact) => contact.fullName).sort()).to.deep.equal([
      'Ada Lovelace',
      'Alan Turing',
    ]);
    // The widget's list follows without a reload.
    await waitUntil(
      () => element.store!.getState().total === 2,
      'the contact list never showed the imported contacts',
      { timeout: 15_000 },
    );
    await expect(dialog).to.be.accessible();
  });

  it('remembers the mapping a user chose for unknown headers, for the next file of the account', async () => {
    const { element, admin } = await mountManager();
    let { dialog, root } = await openImportDialog(element);
    await paste(dialog, 'Who,Digits\nKnown Person,(201) 555-0161\n');
    const selects = () => [...root.querySelectorAll<HTMLSelectElement>('.mapping select')];
    expect(selects().map((select) => select.value)).to.deep.equal(['', '']);
    for (const [index, field] of ['fullName', 'phone'].entries()) {
      selects()[index]!.value = field;
      selects()[index]!.dispatchEvent(new Event('change'));
    }
    await dialog.updateComplete;
    buttonNamed(root, 'Import Contacts').click();
    await waitUntil(() => root.querySelector('.result'), 'the import never finished', {
      timeout: 15_000,
    });
    expect((await admin.contacts.list()).data.map((contact) => contact.fullName)).to.deep.equal([
      'Known Person',
    ]);
    buttonNamed(root, 'Close').click();

    ({ dialog, root } = await openImportDialog(element));
    await paste(dialog, 'Who,Digits\nSecond Person,(201) 555-0162\n');
    expect(selects().map((select) => select.value)).to.deep.equal(['fullName', 'phone']);
  });

  it("speaks the widget's language, and takes the host's string overrides", async () => {
    const { element } = await mountManager({ locale: 'fr' });
    let { root } = await openImportDialog(element);
    expect(textOf(root.querySelector('h2'))).to.equal('Importer des contacts');
    expect(textOf(root.querySelector('label[for="file-input"]'))).to.equal(
      'Choisir un fichier (CSV, vCard ou Excel)',
    );
    buttonNamed(root, 'Annuler').click();
    element.strings = { importTitle: 'Bring in contacts' };
    await element.updateComplete;
    ({ root } = await openImportDialog(element));
    expect(textOf(root.querySelector('h2'))).to.equal('Bring in contacts');
  });

  it('takes a file dropped on the drop zone', async () => {
    const { element } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const file = new File(
      ['Name,Mobile Phone,E-mail Address\nDrop Zone,(201) 555-0177,drop@example.com\n'],
      'dropped.csv',
      { type: 'text/csv' },
    );
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const zone = root.querySelector<HTMLElement>('.drop-zone')!;
    zone.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    await dialog.updateComplete;
    expect(zone.classList.contains('dragging')).to.equal(true);
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    await waitUntil(() => root.querySelector('.mapping select'), 'the dropped file was not read', {
      timeout: 10_000,
    });
    expect(textOf(root.querySelector('.file-name'))).to.contain('dropped.csv');
    // Outlook-style headers are recognized.
    const mapped = [...root.querySelectorAll<HTMLSelectElement>('.mapping select')].map(
      (select) => select.value,
    );
    expect(mapped).to.deep.equal(['fullName', 'phone', 'email']);
  });

  it('offers to resume an import interrupted by leaving the page, and sends only the rest', async () => {
    recordRequests();
    const first = await mountManager();
    const lines = ['Full Name,Phone'];
    for (let index = 0; index < 12_000; index++)
      lines.push(`Resumed ${index},+1646${String(2_000_000 + index)}`);
    const content = lines.join('\n');
    const pick = (dialog: ImportDialogElement) => {
      const input = dialog.shadowRoot!.querySelector<HTMLInputElement>('#file-input')!;
      const transfer = new DataTransfer();
      transfer.items.add(
        new File([content], 'big-list.csv', { type: 'text/csv', lastModified: 1_700_000_000_000 }),
      );
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };
    let { dialog, root } = await openImportDialog(first.element);
    pick(dialog);
    await waitUntil(() => root.querySelector('.mapping select'), 'no mapping', { timeout: 10_000 });
    await dialog.updateComplete;
    buttonNamed(root, 'Import Contacts').click();
    // Leave the page as soon as some chunks are on the server.
    await waitUntil(
      () =>
        /^[1-9][\d,]* of 12,000 rows$/.test(textOf(root.querySelector('.progress [aria-live]'))),
      'no chunk was sent',
      { timeout: 30_000 },
    );
    first.element.remove();
    const importId = lastImportId();

    const second = await mountManager({ account: first.account });
    ({ dialog, root } = await openImportDialog(second.element));
    await waitUntil(
      () => textOf(root.querySelector('.notice')).includes('An import was interrupted'),
      'no offer to resume',
    );
    // Leaving the page committed nothing: the import is still open on the server, and empty.
    expect((await first.admin.imports.get(importId)).status).to.equal('open');
    expect((await first.admin.contacts.list()).total, 'nothing is committed yet').to.equal(0);
    expect(textOf(root.querySelector('.notice'))).to.contain('big-list.csv');
    const resume = buttonNamed(root, 'Resume import');
    expect(resume.disabled, 'resuming needs the file again').to.equal(true);
    pick(dialog);
    await waitUntil(
      () => !buttonNamed(root, 'Resume import').disabled,
      'the same file does not enable Resume',
    );
    buttonNamed(root, 'Resume import').click();
    await waitUntil(() => root.querySelector('.result'), 'the resumed import never finished', {
      timeout: 60_000,
    });
    expect((await second.admin.contacts.list()).total).to.equal(12_000);
    const figures = Object.fromEntries(
      [...root.querySelectorAll('.result div')].map((item) => [
        textOf(item.querySelector('dt')),
        textOf(item.querySelector('dd')),
      ]),
    );
    expect(figures).to.include({ Added: '12,000', 'Duplicates in the file': '0' });
    expect(textOf(root.querySelector('.resumed'))).to.match(
      /^Resumed: [1-9]\d* chunks were already on the server/,
    );
    // Done: the offer is gone.
    await second.element.openImport();
    expect(textOf(root.querySelector('.notice'))).to.not.contain('interrupted');
  });

  it('cancels an import in progress: nothing is imported', async () => {
    recordRequests();
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const lines = ['Full Name,Phone'];
    for (let index = 0; index < 30_000; index++)
      lines.push(`Person ${index},+1212${String(3_000_000 + index)}`);
    await paste(dialog, lines.join('\n'));
    buttonNamed(root, 'Import Contacts').click();
    await waitUntil(() => root.querySelector('progress'), 'no progress bar', { timeout: 15_000 });
    expect(root.querySelector('progress')!.getAttribute('aria-labelledby')).to.equal(
      'progress-label',
    );
    // Cancel while rows are on their way: some chunks are staged on the server, not all of them,
    // so the commit (sent only after the last chunk) was never asked for.
    const sent = () => textOf(root.querySelector('.progress [aria-live]'));
    await waitUntil(() => /^[1-9][\d,]* of 30,000 rows$/.test(sent()), 'no chunk was sent', {
      timeout: 30_000,
      interval: 5,
    });
    expect(sent()).to.not.equal('30,000 of 30,000 rows');
    buttonNamed(root, 'Cancel import').click();
    await waitUntil(
      () => textOf(root.querySelector('.notice')).includes('cancelled'),
      'the cancel was not confirmed',
      { timeout: 15_000 },
    );
    // Never committed, and not left open on the server: the cancel discards what was staged.
    await waitUntil(
      async () => (await admin.imports.get(lastImportId())).status === 'aborted',
      'the server import was not aborted',
      { timeout: 15_000 },
    );
    expect((await admin.contacts.list()).total).to.equal(0);
  });

  it('reads and validates a 100k-row file once, in one worker off the page, and imports it', async function () {
    // 100k rows read, validated, sent and committed: minutes, not seconds, on a loaded machine.
    this.timeout(300_000);
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const lines = ['Full Name,Phone,Email'];
    for (let index = 0; index < 100_000; index++)
      lines.push(`Worker ${index},+1646${String(3_000_000 + index)},w${index}@example.com`);
    // Count what reaches a worker: one worker, one read of the file, no second pass anywhere.
    const NativeWorker = window.Worker;
    const requests: string[] = [];
    let workers = 0;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        workers++;
      }
      override postMessage(
        message: unknown,
        transfer?: Transferable[] | StructuredSerializeOptions,
      ): void {
        requests.push((message as { type: string }).type);
        super.postMessage(message, transfer as Transferable[]);
      }
    };
    try {
      const input = root.querySelector<HTMLInputElement>('#file-input')!;
      const transfer = new DataTransfer();
      transfer.items.add(new File([lines.join('\n')], 'hundred-k.csv', { type: 'text/csv' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
      await waitUntil(() => root.querySelector('.mapping select'), 'no mapping', {
        timeout: 10_000,
      });
      await dialog.updateComplete;
      // The preview read the top of the file in a worker of its own; count from the import on.
      workers = 0;
      requests.length = 0;
      buttonNamed(root, 'Import Contacts').click();
      // Validation ends when the upload starts counting rows.
      await waitUntil(
        () => / of 100,000 rows$/.test(textOf(root.querySelector('.progress [aria-live]'))),
        'the upload never started',
        { timeout: 30_000, interval: 20 },
      );
      await waitUntil(() => root.querySelector('.result'), 'the import never finished', {
        timeout: 120_000,
      });
      // Long tasks are a timing figure, noisy on a shared machine; what keeps the page free is
      // deterministic: one worker read and checked the file, the page only received its rows.
      expect(workers, 'workers started').to.equal(1);
      expect(requests.filter((type) => type === 'scan' || type === 'validate')).to.deep.equal([
        'scan',
      ]);
      expect(requests.filter((type) => type === 'rows').length).to.be.greaterThan(1);
      expect((await admin.contacts.list()).total).to.equal(100_000);
    } finally {
      window.Worker = NativeWorker;
    }
  });
});
