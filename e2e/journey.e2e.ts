// The help page's journey, end to end, on what `pnpm start` serves: the example host app with
// <contacts-manager> against the reference server, in the system Chromium. Each view is saved
// under e2e/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, launchChromium, snap, snapForDocs, watchPage } from './support/browser.js';
import { startStack, type RunningStack } from './support/start-stack.js';

const SEEDED = 40;
let stack: RunningStack;
let browser: Browser;
let page: Page;
let watched: ReturnType<typeof watchPage>;

const widget = () => page.locator('contacts-manager');
const countText = () => widget().locator('cm-contact-list .count');
const detailHeading = () =>
  widget().locator('cm-contact-detail').getByRole('heading', { level: 2 }).first();
const visibleOptions = () => widget().getByRole('option').filter({ visible: true });

async function expectCount(count: number): Promise<void> {
  await expect
    .poll(async () => (await countText().textContent())?.trim(), { timeout: 20_000 })
    .toBe(`${count.toLocaleString('en-US')} contacts`);
}

async function visibleText(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

beforeAll(async () => {
  stack = await startStack({ seedContacts: SEEDED });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.log(`csp-violation:${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  watched = watchPage(page);
});

afterEach(async (context) => {
  // A failed step leaves a picture of what the user would have seen.
  if (context.task.result?.state === 'fail' && page)
    await snap(page, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the contacts page, as the help page describes it', () => {
  it('shows the demo contacts in the host app', async () => {
    await page.goto(`${stack.url}/`);
    // The host app's own sign-in first: its token route serves only a signed-in user.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectCount(SEEDED);
    await expect.poll(() => visibleOptions().count()).toBeGreaterThan(5);
    await snap(page, '01-contact-list');
    await snapForDocs(page, 'contact-list');
  });

  it('adds a contact: required fields marked, then "Add Contact"', async () => {
    await widget().getByRole('button', { name: 'New Contact' }).first().click();
    const form = widget().locator('cm-contact-form');
    await form.getByLabel('Full Name').waitFor();
    // Required fields carry the red asterisk; Email does not.
    expect(await form.locator('.required-mark').count()).toBe(2);
    const color = await form
      .locator('.required-mark')
      .first()
      .evaluate((mark) => getComputedStyle(mark).color);
    expect(color).toMatch(/^rgb\((1[5-9]\d|2\d\d), \d{1,2}, \d{1,2}\)$/);
    await form.getByRole('button', { name: 'Add Contact' }).click();
    await expect.poll(() => form.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await snap(page, '02-add-contact-required');
    await form.getByLabel('Full Name').fill('Zoe Journey');
    await form.getByLabel('Phone').fill('(201) 555-0142');
    await form.getByLabel('Email').fill('zoe@example.com');
    await form.getByRole('button', { name: 'Add Contact' }).click();
    await expectCount(SEEDED + 1);
    await expect.poll(() => visibleText(detailHeading())).toContain('Zoe Journey');
    await snap(page, '03-contact-added');
  });

  it('edits it: "Update Contact Details"', async () => {
    const form = widget().locator('cm-contact-detail cm-contact-form');
    await form.getByLabel('Full Name').fill('Zoe Journey-Smith');
    await form.getByRole('button', { name: 'Update Contact Details' }).click();
    await expect.poll(() => visibleText(detailHeading())).toContain('Zoe Journey-Smith');
    await widget()
      .getByRole('searchbox')
      .or(widget().getByLabel('Search contacts'))
      .first()
      .fill('Journey');
    await expect.poll(() => visibleText(visibleOptions().first())).toContain('Zoe Journey-Smith');
    await snap(page, '04-contact-edited');
  });

  it('opts out with a confirmation, then the box is locked', async () => {
    const form = widget().locator('cm-contact-detail cm-contact-form');
    await form.getByLabel('Opted out').check();
    const confirm = widget().getByRole('dialog');
    await expect.poll(() => visibleText(confirm)).toContain('START or UNSTOP');
    await snap(page, '05-opt-out-confirm');
    await confirm.getByRole('button', { name: 'Opt out permanently' }).click();
    const box = form.getByLabel('Opted out');
    await expect.poll(() => box.isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await box.isChecked()).toBe(true);
    expect(await visibleText(form.locator('.opt-out'))).toContain(
      'Only the contact can opt back in',
    );
    await snap(page, '06-opted-out-locked');
    await snapForDocs(page, 'opted-out');
  });

  it('deletes it from the Action menu, after a confirmation', async () => {
    await widget()
      .locator('cm-contact-detail')
      .getByRole('button', { name: /^Action/ })
      .click();
    await widget().getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = widget().getByRole('dialog');
    await expect.poll(() => visibleText(confirm)).toContain('Delete Zoe Journey-Smith?');
    await snap(page, '07-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete contact' }).click();
    await widget().getByLabel('Search contacts').fill('');
    await expectCount(SEEDED);
  });

  it('imports a CSV with errors: the report gives each line, and nothing is imported', async () => {
    await widget().getByRole('button', { name: 'Import' }).first().click();
    const dialog = widget().locator('cm-import-dialog');
    await dialog.getByRole('heading', { name: 'Import Contacts' }).waitFor();
    await snap(page, '08-import-dialog');
    const bad = [
      'Full Name,Phone,Email',
      'Good Row,(201) 555-0100,good@example.com',
      'Bad Phone,12,',
      ',(201) 555-0101,',
      'Bad Mail,(201) 555-0102,nope@',
    ].join('\n');
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: 'bad-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => dialog.getByLabel('Skip First Line').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Import Contacts' }).click();
    const table = dialog.locator('table');
    await table.waitFor({ timeout: 20_000 });
    const lines = await table.locator('tbody tr td.line').allTextContents();
    expect(lines.map(Number)).toEqual([3, 4, 5]);
    expect(await visibleText(dialog.locator('.summary'))).toBe(
      '4 rows: 1 ready to import, 3 with problems.',
    );
    await snap(page, '09-import-report');
    expect(await axeViolations(page, ['contacts-manager', 'cm-import-dialog'])).toEqual([]);
    await snapForDocs(page, 'import-report');
    await dialog.getByRole('button', { name: 'Back' }).click();
    await expectCount(SEEDED);
  });

  it('imports a clean CSV: result summary, and the list grows', async () => {
    const dialog = widget().locator('cm-import-dialog');
    const rows = ['Full Name,Phone,Email'];
    for (let index = 0; index < 25; index++)
      rows.push(
        `Imported Person ${index},+1 (212) 555-${String(1000 + index)},person${index}@example.com`,
      );
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'clean-contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\r\n')),
    });
    await expect
      .poll(() => visibleText(dialog.locator('.file-name')))
      .toContain('clean-contacts.csv');
    await expect.poll(() => dialog.getByLabel('Skip First Line').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Import Contacts' }).click();
    await dialog.locator('.result').waitFor({ timeout: 30_000 });
    const added = await dialog
      .locator('.result div')
      .filter({ hasText: 'Added' })
      .locator('dd')
      .textContent();
    expect(added?.trim()).toBe('25');
    await snap(page, '10-import-result');
    await snapForDocs(page, 'import-result');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expectCount(SEEDED + 25);
  });

  it('the Agent user is offered no Delete and no Delete all', async () => {
    await page.getByLabel('Agent user').check();
    await expectCount(SEEDED + 25);
    await visibleOptions().first().click();
    await detailHeading().waitFor();
    const action = widget()
      .locator('cm-contact-detail')
      .getByRole('button', { name: /^Action/ });
    if ((await action.count()) > 0 && (await action.isEnabled())) {
      await action.click();
      expect(await widget().getByRole('menuitem', { name: 'Delete' }).count()).toBe(0);
      await page.keyboard.press('Escape');
    }
    await widget().getByRole('button', { name: 'Settings' }).click();
    const settings = widget().locator('cm-settings-dialog');
    await settings.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await settings.getByRole('button', { name: 'Delete all contacts' }).count()).toBe(0);
    await snap(page, '11-agent-settings');
    await settings.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Admin').check();
    await expectCount(SEEDED + 25);
  });

  it('follows the theme and language the host sets (dark, French)', async () => {
    await page.getByLabel('Dark theme').check();
    await page.getByLabel('Language').selectOption('fr');
    await expect
      .poll(() => visibleText(widget().getByRole('button', { name: 'Importer' }).first()))
      .toBe('Importer');
    const background = await widget().evaluate((element) =>
      getComputedStyle(element.shadowRoot!.querySelector('.shell') ?? element)
        .getPropertyValue('--cm-color-bg')
        .trim(),
    );
    expect(background).toBe('#16181d');
    await widget().getByRole('button', { name: 'Importer' }).first().click();
    const dialog = widget().locator('cm-import-dialog');
    await dialog.getByRole('heading', { name: 'Importer des contacts' }).waitFor();
    await snap(page, '12-dark-french-import');
    await snapForDocs(page, 'dark-french');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.getByLabel('Langue').or(page.getByLabel('Language')).selectOption('en');
    await page.getByLabel('Dark theme').uncheck();
    await expect
      .poll(() => widget().getByRole('button', { name: 'Import' }).first().isVisible())
      .toBe(true);
  });

  it('deletes all contacts after typing DELETE, with progress, and the list empties', async () => {
    await widget().getByRole('button', { name: 'Settings' }).click();
    const settings = widget().locator('cm-settings-dialog');
    await settings.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await visibleText(settings.locator('.danger-zone'))).toContain('CANNOT BE UNDONE');
    const button = settings.getByRole('button', { name: 'Delete all contacts' });
    expect(await button.isDisabled()).toBe(true);
    await settings.getByLabel('Type DELETE to confirm').fill('DELETE');
    await snap(page, '13-delete-all-confirm');
    expect(await axeViolations(page, ['contacts-manager', 'cm-settings-dialog'])).toEqual([]);
    await snapForDocs(page, 'delete-all');
    await button.click();
    // The job is quick at this size: catch the progress bar if it is still there.
    if (await settings.locator('progress').isVisible()) await snap(page, '14-delete-all-progress');
    await settings.locator('.done').waitFor({ timeout: 30_000 });
    expect(await visibleText(settings.locator('.done'))).toBe(
      `All contacts were deleted (${SEEDED + 25}).`,
    );
    await snap(page, '15-delete-all-done');
    await settings.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(() => visibleText(widget().locator('.state.empty h2')), { timeout: 20_000 })
      .toBe('No contacts yet');
    await snap(page, '16-empty');
    expect(watched.errors).toEqual([]);
  });
});

describe('the script-tag example, under a strict CSP', () => {
  for (const [name, path] of [
    ['module', '/script-tag/'],
    ['classic', '/script-tag/classic.html'],
  ] as const) {
    it(`runs the ${name} script build with no CSP violation`, async () => {
      const cdnFile = resolve(
        import.meta.dirname,
        '../packages/elements/dist/cdn',
        name === 'module' ? 'contacts-manager.js' : 'contacts-manager.iife.js',
      );
      expect(existsSync(cdnFile), `${cdnFile} is missing: run \`pnpm build\` first`).toBe(true);
      const tagPage = await browser.newPage({ viewport: { width: 1100, height: 760 } });
      await tagPage.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) =>
          console.log(`csp-violation:${event.violatedDirective} ${event.blockedURI}`),
        );
      });
      const seen = watchPage(tagPage);
      // Every script the page fetches, by path without the content hash.
      const scripts: string[] = [];
      tagPage.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.startsWith('/cdn/') && url.pathname.endsWith('.js'))
          scripts.push(url.pathname.replace(/-[\w-]{8}\.js$/, '.js'));
      });
      const response = await tagPage.goto(`${stack.url}${path}`);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
      const element = tagPage.locator('contacts-manager');
      await element
        .getByRole('heading', { name: 'Contacts', exact: true, level: 1 })
        .waitFor({ timeout: 20_000 });
      // Both builds start from the same module and its chunks; the classic one through a small
      // loader. Neither fetches the import dialog, the worker or SheetJS before they are needed.
      expect(scripts).toContain('/cdn/contacts-manager.js');
      expect(scripts).toContain('/cdn/chunks/cdn.js');
      expect(scripts.includes('/cdn/contacts-manager.iife.js')).toBe(name === 'classic');
      expect(scripts.filter((script) => /import-dialog|csv-worker|xlsx/.test(script))).toEqual([]);
      const workerScripts: string[] = [];
      tagPage.on('response', (response) => {
        if (/csv-worker/.test(response.url())) {
          const type = response.headers()['content-type'] ?? '';
          workerScripts.push(
            `${new URL(response.url()).pathname.replace(/-[\w-]{8}\.js$/, '.js')} ${response.status()} ${type.split(';')[0]}`,
          );
        }
      });
      await element.getByRole('button', { name: 'Import' }).first().click();
      const dialog = element.locator('cm-import-dialog');
      await dialog.getByRole('heading', { name: 'Import Contacts' }).waitFor();
      await dialog.getByLabel('Paste CSV').check();
      await dialog
        .getByLabel('CSV content')
        .fill('Full Name,Phone\nWorker Check,(201) 555-0190\nNo Phone,\n');
      await dialog.getByRole('button', { name: 'Import Contacts' }).click();
      await dialog.locator('table').waitFor({ timeout: 20_000 });
      expect(await dialog.locator('tbody td.line').allTextContents()).toEqual(['3']);
      await snap(tagPage, `17-script-tag-${name}`);
      expect(seen.cspViolations).toEqual([]);
      expect(seen.errors).toEqual([]);
      // Signing in and starting the session log nothing (no refused request on the way).
      expect(seen.consoleErrors).toEqual([]);
      // Both builds check the file in the same Web Worker, allowed by the page's policy.
      expect(workerScripts).toEqual(['/cdn/assets/csv-worker.js 200 text/javascript']);
      await tagPage.close();
    });
  }
});
