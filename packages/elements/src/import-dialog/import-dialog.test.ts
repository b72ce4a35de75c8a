import { expect, waitUntil } from '@open-wc/testing';
import type { ImportCompleteEventDetail } from '../events.js';
import { mountManager } from '../../test/mount.js';
import { textOf, typeInto } from '../../test/dom.js';
import type { ContactsManagerElement } from '../contacts-manager/contacts-manager.js';
import type { ImportDialogElement } from './import-dialog.js';

async function openImportDialog(element: ContactsManagerElement): Promise<{ dialog: ImportDialogElement; root: ShadowRoot }> {
  await element.openImport();
  const dialog = element.shadowRoot!.querySelector<ImportDialogElement>('cm-import-dialog')!;
  await dialog.updateComplete;
  return { dialog, root: dialog.shadowRoot! };
}

function buttonNamed(root: ShadowRoot, name: string): HTMLButtonElement {
  const button = [...root.querySelectorAll<HTMLButtonElement>('button')].find((item) => textOf(item) === name);
  if (!button) throw new Error(`No button "${name}" (have: ${[...root.querySelectorAll('button')].map(textOf).join(' | ')})`);
  return button;
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
  await waitUntil(() => root.querySelector('.mapping select'), 'the column mapping never appeared', { timeout: 5000 });
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
    await waitUntil(() => element.shadowRoot!.activeElement === importButton, 'focus did not return to the Import button');
    await expect(dialog).to.be.accessible();
  });

  it('says when there is no list and creates one inline, then selects it', async () => {
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    expect(textOf(root.querySelector('.dialog-body'))).to.contain('You have no lists yet');
    typeInto(root.querySelector<HTMLInputElement>('#new-list-name')!, 'Spring newsletter');
    await dialog.updateComplete;
    buttonNamed(root, 'Create list').click();
    await waitUntil(() => textOf(root.querySelector('[role="status"]')).includes('created'), 'the list was never created');
    const lists = await admin.lists.list();
    const created = lists.data.find((list) => list.name === 'Spring newsletter');
    expect(created, 'the list exists on the server').to.not.equal(undefined);
    await waitUntil(() => root.querySelector<HTMLSelectElement>('#list-select')?.value === created!.id, 'the new list is not selected');
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
    const mapped = [...root.querySelectorAll<HTMLSelectElement>('.mapping select')].map((select) => select.value);
    expect(mapped).to.deep.equal(['fullName', 'phone', 'email']);

    const select = root.querySelector<HTMLSelectElement>('#list-select')!;
    select.value = list.id;
    select.dispatchEvent(new Event('change'));
    await dialog.updateComplete;

    buttonNamed(root, 'Import Contacts').click();
    await waitUntil(() => root.querySelector('table'), 'no validation report', { timeout: 15_000 });
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map(textOf));
    const lines = rows.map((cells) => Number(cells[0]));
    expect(lines).to.deep.equal([3, 4, 5]);
    expect(rows[0]![1]).to.equal('Phone');
    expect(rows[2]![1]).to.equal('Email');
    expect(rows[2]![2]).to.equal('not-an-email');
    expect(textOf(root.querySelector('.summary'))).to.equal('5 rows: 2 ready to import, 3 with problems.');
    expect((await admin.contacts.list()).total, 'nothing is sent before the user confirms').to.equal(0);

    const submit = buttonNamed(root, 'Import Contacts');
    expect(submit.disabled).to.equal(true);
    const onlyValid = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].at(-1)!;
    onlyValid.click();
    await dialog.updateComplete;
    expect(buttonNamed(root, 'Import Contacts').disabled).to.equal(false);

    const completed = new Promise<ImportCompleteEventDetail>((resolve) =>
      element.addEventListener('contacts-import-complete', (event) => resolve(event.detail), { once: true }),
    );
    buttonNamed(root, 'Import Contacts').click();
    const detail = await completed;
    expect(detail.counts.created).to.equal(2);
    expect(detail.listId).to.equal(list.id);
    await waitUntil(() => root.querySelector('.result'), 'no result summary');
    const figures = Object.fromEntries([...root.querySelectorAll('.result div')].map((item) => [textOf(item.querySelector('dt')), textOf(item.querySelector('dd'))]));
    expect(figures).to.include({ Added: '2', Updated: '0', Unchanged: '0' });

    const imported = await admin.contacts.list({ listId: list.id });
    expect(imported.data.map((contact) => contact.fullName).sort()).to.deep.equal(['Ada Lovelace', 'Alan Turing']);
    // The widget's list follows without a reload.
    await waitUntil(() => element.store!.getState().total === 2, 'the contact list never showed the imported contacts', { timeout: 15_000 });
    await expect(dialog).to.be.accessible();
  });

  it('cancels an import in progress: nothing is imported', async () => {
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const lines = ['Full Name,Phone'];
    for (let index = 0; index < 30_000; index++) lines.push(`Person ${index},+1212${String(3_000_000 + index)}`);
    await paste(dialog, lines.join('\n'));
    buttonNamed(root, 'Import Contacts').click();
    await waitUntil(() => root.querySelector('progress'), 'no progress bar', { timeout: 15_000 });
    expect(root.querySelector('progress')!.getAttribute('aria-labelledby')).to.equal('progress-label');
    buttonNamed(root, 'Cancel import').click();
    await waitUntil(() => textOf(root.querySelector('.notice')).includes('cancelled'), 'the cancel was not confirmed', { timeout: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await admin.contacts.list()).total).to.equal(0);
  });
});
