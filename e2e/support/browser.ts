import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium; nothing downloads a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const screenshotDir = resolve(import.meta.dirname, '../screenshots');

/** Saves `e2e/screenshots/<name>.png` (gitignored; the docs keep a few copies under docs/images). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Collects page errors and CSP violations (reported from the page through the console). */
export function watchPage(page: Page): { errors: string[]; cspViolations: string[] } {
  const errors: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation:')) cspViolations.push(text.slice('csp-violation:'.length));
    else if (message.type() === 'error' && /Content Security Policy/i.test(text)) cspViolations.push(text);
  });
  return { errors, cspViolations };
}
