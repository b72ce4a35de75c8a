import { expect, waitUntil } from '@open-wc/testing';
import * as XLSX from '@e965/xlsx';
import { mountManager } from '../../test/mount.js';
import { textOf } from '../../test/dom.js';
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

function buttons(root: ShadowRoot): string[] {
  return [...root.querySelectorAll('button')].map(textOf);
}

function pick(root: ShadowRoot, file: File): void {
  const input = root.querySelector<HTMLInputElement>('#file-input')!;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

const mapped = (root: ShadowRoot): string[] =>
  [...root.querySelectorAll<HTMLSelectElement>('.mapping select')].map((select) => select.value);

async function importAndWait(dialog: ImportDialogElement, root: ShadowRoot): Promise<void> {
  await dialog.updateComplete;
  [...root.querySelectorAll<HTMLButtonElement>('button')]
    .find((button) => textOf(button) === 'Import Contacts')!
    .click();
  await waitUntil(
    () => root.querySelector('.result, [role="alert"], table'),
    'the import never finished',
    { timeout: 30_000 },
  );
  expect(root.querySelector('.result'), textOf(root.querySelector('.dialog-body'))).not.to.equal(
    null,
  );
}

describe('<cm-import-dialog> with real files', () => {
  it('keeps "Skip First Line" as the user set it, even when header detection finishes later', async () => {
    const { element } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    root.querySelector<HTMLInputElement>('input[name="source"][value="paste"]')!.click();
    await dialog.updateComplete;
    const textarea = root.querySelector<HTMLTextAreaElement>('#paste-input')!;
    textarea.value = 'Full Name,Phone,Email\nAda Lovelace,(201) 555-0123,ada@example.com\n';
    textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    // Right after pasting, before detection ran: the user unticks the box it would tick.
    const skip = root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    skip.checked = true;
    skip.dispatchEvent(new Event('change'));
    skip.checked = false;
    skip.dispatchEvent(new Event('change'));
    await waitUntil(() => root.querySelector('.mapping select'), 'no mapping', { timeout: 5000 });
    await dialog.updateComplete;
    expect(root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).to.equal(false);
  });

  it('a file with a header and no contacts: one clear message and no import button', async () => {
    const { element } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    pick(root, new File(['Full Name,Phone,Email\r\n'], 'header-only.csv', { type: 'text/csv' }));
    await waitUntil(() => root.querySelector('.error'), 'no message', { timeout: 5000 });
    await dialog.updateComplete;
    expect([...root.querySelectorAll('.error')].map(textOf)).to.deep.equal([
      'The file has no rows to import.',
    ]);
    expect(textOf(root.querySelector('.dialog-body'))).not.to.contain('ready to import');
    expect(buttons(root)).not.to.include('Import Contacts');
  });

  it('imports a vCard: names, the mobile number, emails; no "Skip First Line" to tick', async () => {
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Appleseed;Johnny;;;',
      'FN:Johnny Appleseed',
      'item1.TEL;type=pref:+1 (202) 555-0190',
      'item1.X-ABLabel:_$!<Work>!$_',
      'TEL;type=CELL;type=VOICE:(202) 555-0191',
      'EMAIL;type=INTERNET:johnny@example.com',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=BBaneta;Zofia;;;',
      'TEL;CELL:+1 202 555 0192',
      'END:VCARD',
      '',
    ].join('\r\n');
    pick(root, new File([vcf], 'contacts.vcf', { type: 'text/vcard' }));
    await waitUntil(() => root.querySelector('.mapping select'), 'no mapping', { timeout: 5000 });
    await dialog.updateComplete;
    expect(root.querySelector('input[type="checkbox"]')).to.equal(null);
    expect(mapped(root)).to.deep.equal([
      'fullName',
      'firstName',
      'middleName',
      'lastName',
      'phone',
      '',
      'email',
    ]);
    await importAndWait(dialog, root);
    const contacts = (await admin.contacts.list()).data.map((c) => [c.fullName, c.phone, c.email]);
    expect(contacts).to.deep.equal([
      ['Johnny Appleseed', '+12025550191', 'johnny@example.com'],
      ['Zofia Żaneta', '+12025550192', null],
    ]);
  });

  it('imports the first sheet of an Excel workbook, phones stored as numbers keeping their digits', async () => {
    const { element, admin } = await mountManager();
    const { dialog, root } = await openImportDialog(element);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ['Name', 'Mobile', 'Email'],
        ['Wanda Workbook', 12025550193, 'wanda@example.com'],
        ['Text Phone', '(202) 555-0194', ''],
      ]),
      'Contacts',
    );
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    pick(
      root,
      new File([bytes], 'book.xlsx', {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    );
    await waitUntil(() => root.querySelector('.mapping select'), 'no mapping', { timeout: 10_000 });
    expect(mapped(root)).to.deep.equal(['fullName', 'phone', 'email']);
    await importAndWait(dialog, root);
    const contacts = (await admin.contacts.list()).data.map((c) => [c.fullName, c.phone, c.email]);
    expect(contacts).to.deep.equal([
      ['Text Phone', '+12025550194', null],
      ['Wanda Workbook', '+12025550193', 'wanda@example.com'],
    ]);
  });
});
