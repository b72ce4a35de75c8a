// What a user does with the built page in Chromium: the list shows, a contact is added, a CSV with
// a bad row is checked (in the CSV worker) and its valid rows are imported.
import type { Page, Worker } from 'playwright-core';

export interface FlowResult {
  /** Workers the page started (their script URLs). */
  workers: string[];
  /** Uncaught errors on the page. */
  errors: string[];
  /** The report's line numbers of the rows with problems. */
  problemLines: number[];
  /** The import result's "Added" figure. */
  added: string;
}

const text = async (page: Page, selector: ReturnType<Page['locator']>) =>
  ((await selector.textContent()) ?? '').replace(/\s+/g, ' ').trim();

export function watchPage(page: Page): { workers: string[]; errors: string[] } {
  const workers: string[] = [];
  const errors: string[] = [];
  page.on('worker', (worker: Worker) => workers.push(worker.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  return { workers, errors };
}

export async function addContact(page: Page, fullName: string, phone: string): Promise<void> {
  const widget = page.locator('contacts-manager');
  await widget.getByRole('button', { name: 'New Contact' }).first().click();
  const form = widget.locator('cm-contact-form');
  await form.getByLabel('Full Name').fill(fullName);
  await form.getByLabel('Phone').fill(phone);
  await form.getByRole('button', { name: 'Add Contact' }).click();
  await findInList(page, fullName);
}

/** Searches the list for `fullName` (the list is virtualized: a row far down is not rendered) and clears the search. */
export async function findInList(page: Page, fullName: string): Promise<void> {
  const widget = page.locator('contacts-manager');
  const search = widget.getByLabel('Search contacts');
  await search.fill(fullName);
  await widget
    .getByRole('option', { name: new RegExp(fullName) })
    .filter({ visible: true })
    .first()
    .waitFor();
  await search.fill('');
}

/** `run` keeps each page's contacts apart on the shared server (phones are unique per account). */
export async function runWidgetFlow(page: Page, url: string, run: number): Promise<FlowResult> {
  const watched = watchPage(page);
  await page.goto(url);
  const widget = page.locator('contacts-manager');
  // The seeded contacts are listed.
  await widget.getByRole('option').filter({ visible: true }).first().waitFor();

  await addContact(page, `Packed Consumer ${run}`, `+1 (212) 555-01${40 + run}`);

  await widget.getByRole('button', { name: 'Import' }).first().click();
  const dialog = widget.locator('cm-import-dialog');
  await dialog.getByRole('heading', { name: 'Import Contacts' }).waitFor();
  const csv = [
    'Full Name,Phone,Email',
    `Csv Good One ${run},(201) 555-01${60 + run},one${run}@example.com`,
    'Csv Bad Phone,12,',
    `Csv Good Two ${run},(201) 555-01${70 + run},`,
  ].join('\n');
  await dialog
    .locator('input[type="file"]')
    .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await dialog.getByRole('button', { name: 'Import Contacts' }).click();
  const table = dialog.locator('table');
  await table.waitFor();
  const problemLines = (await table.locator('tbody tr td.line').allTextContents()).map(Number);
  await dialog.getByLabel(/Import valid rows only/).check();
  await dialog.getByRole('button', { name: 'Import Contacts' }).click();
  await dialog.locator('.result').waitFor();
  const added = await text(
    page,
    dialog.locator('.result div').filter({ hasText: 'Added' }).locator('dd'),
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await findInList(page, `Csv Good Two ${run}`);
  return { workers: watched.workers, errors: watched.errors, problemLines, added };
}
