// The help page's journey in every container the widget meets: a 320 px and a 390 px phone, a
// tablet, a desktop, and a 360 px sidebar of a wide page, on what `pnpm start` serves. At each:
// every action reachable and visible inside the element, nothing overlapping, no sideways
// scrolling, errors and the 412 conflict in view, axe clean on every view. The 390 and 1280 px
// runs save the docs' screenshots (docs/images/<view>-<width>-<theme>.png), light and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, pageAxeViolations, watchPage } from './support/browser.js';
import { startStack, type RunningStack } from './support/start-stack.js';

const docsImages = resolve(import.meta.dirname, '../docs/images');
let stack: RunningStack;
let browser: Browser;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

beforeAll(async () => {
  stack = await startStack({ seedContacts: 30 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.apiUrl}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${stack.secretKey()}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not visible`);
  return box;
}

/**
 * Visible, inside the widget (or, for a modal dialog's content, inside the window) and inside
 * the window: a user can see it and reach it.
 */
async function expectReachable(
  page: Page,
  locator: Locator,
  container: 'widget' | 'window' = 'widget',
): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  await locator.scrollIntoViewIfNeeded();
  const box = await boxOf(locator);
  const outer =
    container === 'widget'
      ? await boxOf(page.locator('contacts-manager'))
      : { x: 0, y: 0, ...page.viewportSize()! };
  expect(within(box, outer), `${locator} sticks out of the ${container}`).toBe(true);
  const viewport = page.viewportSize()!;
  expect(box.x + box.width, `${locator} is past the window's edge`).toBeLessThanOrEqual(
    viewport.width + 0.5,
  );
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const element = document.querySelector('contacts-manager')!;
    const shell = element.shadowRoot!.querySelector('.shell')!;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      shell: shell.scrollWidth - shell.clientWidth,
    };
  });
  expect(widths).toEqual({ page: 0, shell: 0 });
}

/** The header's visible controls neither overlap nor leave the widget. */
async function expectHeaderTidy(page: Page): Promise<void> {
  // The toolbar's own buttons and the menu element (not the menu's inner button, which is inside it).
  const controls = page
    .locator('contacts-manager header .toolbar')
    .locator('> button:visible, > cm-action-menu:visible');
  const boxes: Box[] = [];
  for (const control of await controls.all()) boxes.push(await boxOf(control));
  expect(boxes.length).toBeGreaterThan(1);
  const widget = await boxOf(page.locator('contacts-manager'));
  for (const [index, box] of boxes.entries()) {
    expect(within(box, widget)).toBe(true);
    for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false);
  }
}

async function expectAxeClean(page: Page, view: string): Promise<void> {
  expect(await pageAxeViolations(page), `axe on ${view}`).toEqual([]);
}

/** The contact rows (the list filter's <option>s are not rows). */
const rowsOf = (page: Page) =>
  page
    .locator('contacts-manager')
    .getByRole('listbox', { name: 'Contact list' })
    .getByRole('option');

async function signedIn(width: number, sidebar: boolean, dark: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: width < 700 ? 844 : 860 } });
  await page.goto(`${stack.url}/${sidebar ? '?layout=sidebar' : ''}`);
  const signIn = page.getByRole('button', { name: 'Sign in' });
  const widget = page.locator('contacts-manager');
  await Promise.race([signIn.waitFor(), widget.waitFor()]);
  if (await signIn.isVisible()) await signIn.click();
  if (dark) await page.getByLabel('Dark theme').check();
  await rowsOf(page).first().waitFor({ timeout: 20_000 });
  return page;
}

for (const [configIndex, config] of [
  { name: '320 px', width: 320, narrow: true },
  { name: '390 px', width: 390, narrow: true, docs: true },
  { name: '768 px', width: 768, narrow: false },
  { name: '1280 px', width: 1280, narrow: false, docs: true },
  { name: 'a 360 px sidebar', width: 1280, narrow: true, sidebar: true },
].entries()) {
  describe(`the journey at ${config.name}`, () => {
    for (const dark of config.docs ? [false, true] : [false]) {
      it(
        `${dark ? 'dark' : 'light'}: every action reachable, errors and the conflict in view, axe clean`,
        { timeout: 180_000 },
        async () => {
          const page = await signedIn(config.width, config.sidebar ?? false, dark);
          const seen = watchPage(page);
          const widget = page.locator('contacts-manager');
          const shot = async (view: string) => {
            if (!config.docs) return;
            mkdirSync(docsImages, { recursive: true });
            await page.screenshot({
              path: resolve(docsImages, `${view}-${config.width}-${dark ? 'dark' : 'light'}.png`),
            });
          };

          // The list: search, filter, rows; New Contact and the other actions (a menu when narrow).
          await expectNoSidewaysScroll(page);
          await expectHeaderTidy(page);
          await expectReachable(page, widget.getByLabel('Search contacts'));
          await expectReachable(page, widget.getByRole('combobox', { name: 'List' }));
          await expectReachable(page, widget.getByRole('button', { name: 'New Contact' }));
          await expectAxeClean(page, 'the list');
          await shot('list');
          const actionNames = ['Import', 'Export CSV', 'Lists', 'Settings'];
          if (config.narrow) {
            const menu = widget.locator('header cm-action-menu');
            await menu.getByRole('button', { name: 'Menu' }).click();
            for (const name of actionNames)
              await expectReachable(page, menu.getByRole('menuitem', { name }));
            await expectAxeClean(page, 'the header menu');
            await shot('menu');
            await page.keyboard.press('Escape');
          } else {
            for (const name of actionNames)
              await expectReachable(
                page,
                widget.locator('header').getByRole('button', { name, exact: true }),
              );
          }

          // New Contact: a bad phone and a bad email are both reported, the first one focused.
          await widget.getByRole('button', { name: 'New Contact' }).click();
          const form = widget.locator('cm-contact-form[mode="create"]');
          await form
            .getByLabel('Full Name')
            .fill(`Responsive ${config.name} ${dark ? 'dark' : 'light'}`);
          await form.getByLabel('Phone').fill('12');
          await form.getByLabel('Email').fill('nope@');
          await expectReachable(page, form.getByRole('button', { name: 'Add Contact' }));
          await form.getByRole('button', { name: 'Add Contact' }).click();
          await expect.poll(() => form.locator('.error').count()).toBe(2);
          await expectReachable(page, form.locator('#phone-error'));
          expect(await form.locator('#phone-error').textContent()).not.toContain('(+');
          await expect
            .poll(() =>
              form
                .locator('#phone')
                .evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement),
            )
            .toBe(true);
          await expectReachable(page, form.getByRole('button', { name: 'Add Contact' }));
          await expectNoSidewaysScroll(page);
          await expectAxeClean(page, 'the form with errors');
          await shot('new-contact-errors');

          // Cancel works in one click, then the contact is added for real and selected.
          await form.getByRole('button', { name: 'Cancel' }).click();
          await expect.poll(() => form.count()).toBe(0);
          await widget.getByRole('button', { name: 'New Contact' }).click();
          const name = `Responsive ${config.name} ${dark ? 'dark' : 'light'}`;
          await form.getByLabel('Full Name').fill(name);
          await form
            .getByLabel('Phone')
            .fill(`(415) 555-0${120 + configIndex * 2 + (dark ? 1 : 0)}`);
          await form.getByRole('button', { name: 'Add Contact' }).click();
          const heading = widget.locator('cm-contact-detail .header h2');
          await expect.poll(() => heading.textContent()).toBe(name);
          await expectReachable(
            page,
            widget
              .locator('cm-contact-detail')
              .getByRole('button', { name: 'Update Contact Details' }),
          );
          await expectReachable(
            page,
            widget.locator('cm-contact-detail').getByRole('button', { name: /^Action/ }),
          );
          await expectAxeClean(page, 'the details');
          await shot('details');

          // A stale edit: someone else renames the contact; the conflict comes into view, focused.
          const created = (
            await api<{ data: Array<{ id: string; fullName: string }> }>(
              'GET',
              `/contacts?q=${encodeURIComponent(name)}`,
            )
          ).data[0]!;
          await api('PATCH', `/contacts/${created.id}`, { fullName: `${name} (their edit)` });
          const editForm = widget.locator('cm-contact-detail cm-contact-form');
          await editForm.getByLabel('Full Name').fill(`${name} (my edit)`);
          await editForm.getByRole('button', { name: 'Update Contact Details' }).click();
          const conflict = editForm.locator('.conflict');
          await conflict.waitFor();
          // Where the widget put it, before anything else scrolls: its top inside the pane, and focused.
          await expect
            .poll(() =>
              conflict.evaluate(
                (section) => section === (section.getRootNode() as ShadowRoot).activeElement,
              ),
            )
            .toBe(true);
          const pane = await boxOf(widget.locator('.detail'));
          const conflictBox = await boxOf(conflict);
          expect(conflictBox.y).toBeGreaterThanOrEqual(pane.y - 0.5);
          expect(conflictBox.y).toBeLessThan(pane.y + pane.height);
          await expectReachable(page, conflict.getByRole('button', { name: 'Apply my edit' }));
          await expectAxeClean(page, 'the conflict');
          await shot('conflict');
          await conflict.getByRole('button', { name: 'Keep the newer version' }).click();
          await expect.poll(() => heading.textContent()).toBe(`${name} (their edit)`);

          // Narrow: Back to the list, where the new contact is the selected row, in view.
          if (config.narrow) {
            await widget.getByRole('button', { name: 'Contacts', exact: true }).click();
            const row = rowsOf(page).filter({ hasText: `${name} (their edit)` });
            await expectReachable(page, row);
            expect(await row.getAttribute('aria-selected')).toBe('true');
            await expect
              .poll(() =>
                widget
                  .locator('cm-contact-list')
                  .evaluate((list) => list.shadowRoot!.activeElement?.getAttribute('role')),
              )
              .toBe('listbox');
          }

          // Settings and its confirmation fit the window.
          if (config.narrow) {
            await widget
              .locator('header cm-action-menu')
              .getByRole('button', { name: 'Menu' })
              .click();
            await widget.getByRole('menuitem', { name: 'Settings' }).click();
          } else {
            await widget.locator('header').getByRole('button', { name: 'Settings' }).click();
          }
          const settings = widget.locator('cm-settings-dialog dialog');
          await settings.waitFor();
          const viewport = page.viewportSize()!;
          expect(within(await boxOf(settings), { x: 0, y: 0, ...viewport })).toBe(true);
          await expectReachable(page, settings.getByRole('button', { name: 'Close' }), 'window');
          await expectAxeClean(page, 'Settings');
          await shot('settings');
          await settings.getByRole('button', { name: 'Close' }).click();

          // Lists and Export open as dialogs that fit, and pass axe.
          for (const action of ['Lists', 'Export CSV'] as const) {
            if (config.narrow) {
              await widget
                .locator('header cm-action-menu')
                .getByRole('button', { name: 'Menu' })
                .click();
              await widget.getByRole('menuitem', { name: action }).click();
            } else {
              await widget
                .locator('header')
                .getByRole('button', { name: action, exact: true })
                .click();
            }
            const dialog = widget.locator(
              action === 'Lists' ? 'cm-lists-dialog dialog' : 'cm-export-dialog dialog',
            );
            await dialog.waitFor();
            expect(within(await boxOf(dialog), { x: 0, y: 0, ...viewport })).toBe(true);
            await expectAxeClean(page, action);
            await shot(action === 'Lists' ? 'lists' : 'export');
            await dialog.getByRole('button', { name: 'Close' }).click();
          }

          // Bulk selection: the bar and its actions stay inside the element.
          if (config.narrow && (await widget.locator('.panes.show-detail').count()) > 0)
            await widget.getByRole('button', { name: 'Contacts', exact: true }).click();
          const rows = rowsOf(page);
          await page
            .locator('contacts-manager')
            .getByRole('listbox', { name: 'Contact list' })
            .evaluate((list) => list.scrollTo(0, 0));
          await rows.and(page.locator('[aria-posinset="1"]')).locator('.check').click();
          await rows
            .and(page.locator('[aria-posinset="3"]'))
            .locator('.check')
            .click({ modifiers: ['Shift'] });
          const bar = widget.locator('cm-contact-list .bulk-bar');
          await expect.poll(() => bar.locator('.selected-count').textContent()).toBe('3 selected');
          await expectReachable(page, bar.getByRole('button', { name: /^Actions/ }));
          await expectReachable(page, bar.getByRole('button', { name: 'Clear' }));
          await expectNoSidewaysScroll(page);
          await expectAxeClean(page, 'the bulk bar');
          await shot('bulk-selection');
          await bar.getByRole('button', { name: 'Clear' }).click();

          expect(seen.errors).toEqual([]);
          await page.close();
        },
      );
    }
  });
}
