import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium; nothing downloads a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotDir = resolve(import.meta.dirname, '../screenshots');

/** Saves `e2e/screenshots/<name>.png` (gitignored; the docs keep a few copies under docs/images). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * A smaller copy for the docs (`e2e/screenshots/docs-<name>.png`, scaled down by Chromium
 * itself): docs/images holds a few of them.
 */
export async function snapForDocs(page: Page, name: string, scale = 0.65): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 860 };
  const session = await page.context().newCDPSession(page);
  const { data } = (await session.send('Page.captureScreenshot', {
    format: 'png',
    clip: { x: 0, y: 0, width: viewport.width, height: viewport.height, scale },
  })) as { data: string };
  await session.detach();
  writeFileSync(join(screenshotDir, `docs-${name}.png`), Buffer.from(data, 'base64'));
}

/** Collects page errors and CSP violations (reported from the page through the console). */
export function watchPage(page: Page): {
  errors: string[];
  cspViolations: string[];
  consoleErrors: string[];
} {
  const errors: string[] = [];
  const cspViolations: string[] = [];
  /** Errors in the console a developer would see: failed requests among them. */
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation:')) cspViolations.push(text.slice('csp-violation:'.length));
    else if (message.type() === 'error' && /Content Security Policy/i.test(text))
      cspViolations.push(text);
    else if (message.type() === 'error') consoleErrors.push(`${text} ${message.location().url}`);
  });
  return { errors, cspViolations, consoleErrors };
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's WCAG 2 A/AA violations inside one element of the widget's shadow tree, e.g.
 * `['contacts-manager', 'cm-import-dialog']` (pages without a CSP only: the script is injected).
 */
export async function axeViolations(page: Page, shadowPath: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  return page.evaluate(async (path) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(
      { include: [path] },
      { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    );
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
  }, shadowPath);
}

/** axe-core's WCAG 2 A/AA violations on the whole page, the widget's shadow trees included. */
export async function pageAxeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
  });
}
