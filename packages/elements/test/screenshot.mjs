// Looks at the widget: starts the reference server and a Vite dev server, opens the demo page in
// the system Chromium and saves screenshots of the main views (run with tsx and the source condition).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { startServer } from '@contacts-manager/server';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outDir = process.argv[2] ?? join(tmpdir(), 'cm-screens');
await mkdir(outDir, { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'cm-shot-'));
const api = await startServer({ port: 0, dbPath: join(dataDir, 'db.sqlite'), rateLimit: false });
// The account straight in the server's store; everything else through the API with its secret key.
const { secretKey } = api.sqlite.accounts.createAccount({ name: 'Shots', defaultCountry: 'US' });
const call = async (method, path, body) => {
  const response = await fetch(`${api.url}/v1${path}`, { method, headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};
const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Margaret Hamilton', '<b>Bold</b> Mallory', 'Édith Piaf'];
for (const [index, fullName] of names.entries()) {
  await call('POST', '/contacts', { fullName, phone: `+1415555${String(100 + index).padStart(4, '0')}`, email: index % 2 ? null : `p${index}@example.com`, optedOut: index === 2 });
}
await call('POST', '/inbound-messages', { from: '+14155550103', body: 'STOP' });
const admin = await call('POST', '/users', { name: 'Avery Admin', role: 'admin' });
const agent = await call('POST', '/users', { name: 'Sam Agent', role: 'agent' });
const adminToken = (await call('POST', '/sessions', { userId: admin.id })).token;
const agentToken = (await call('POST', '/sessions', { userId: agent.id })).token;

const vite = await createServer({
  root: here('..'),
  configFile: false,
  logLevel: 'error',
  resolve: { conditions: ['@contacts-manager/source', 'browser', 'import', 'module', 'development'] },
  server: { port: 0, host: '127.0.0.1' },
});
await vite.listen();
const pageBase = `http://127.0.0.1:${vite.config.server.port === 0 ? vite.httpServer.address().port : vite.config.server.port}/test/demo/index.html`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const views = (process.env.VIEWS ?? 'list,create,dark,agent,fr').split(',');
try {
  const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH ?? 1100), height: Number(process.env.HEIGHT ?? 700) } });
  page.on('console', (message) => message.type() === 'error' && console.error('page:', message.text()));
  page.on('response', (response) => response.status() >= 400 && console.error('page:', response.status(), response.url()));
  const open = async (query) => {
    await page.goto(`${pageBase}?base-url=${encodeURIComponent(api.url)}&${query}`);
    await page.waitForSelector('contacts-manager >> [role="option"]', { timeout: 15000 });
  };
  if (views.includes('list')) {
    await open(`token=${adminToken}`);
    await page.click('contacts-manager >> [role="option"] >> nth=0');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outDir, 'list-detail.png') });
    await page.click('contacts-manager >> [role="option"]:has-text("Alan Turing")');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'opted-out.png') });
    await page.click('contacts-manager >> [role="option"]:has-text("Katherine Johnson")');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'opted-out-keyword.png') });
    await page.click('contacts-manager >> cm-contact-detail >> cm-action-menu >> .trigger');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(outDir, 'action-menu.png') });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'delete-confirm.png') });
    await page.keyboard.press('Escape');
  }
  if (views.includes('create')) {
    await open(`token=${adminToken}`);
    await page.click('contacts-manager >> .new-contact');
    await page.waitForTimeout(200);
    await page.click('contacts-manager >> cm-contact-form >> button[type="submit"]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'create-errors.png') });
  }
  if (views.includes('dark')) {
    await open(`token=${adminToken}&theme=dark`);
    await page.click('contacts-manager >> [role="option"] >> nth=0');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'dark.png') });
  }
  if (views.includes('agent')) {
    await open(`token=${agentToken}`);
    await page.click('contacts-manager >> [role="option"] >> nth=0');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'agent.png') });
  }
  if (views.includes('fr')) {
    await open(`token=${adminToken}&locale=fr`);
    await page.click('contacts-manager >> [role="option"] >> nth=3');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'french.png') });
  }
  console.log(`Screenshots in ${outDir}`);
} finally {
  await browser.close();
  await vite.close();
  // The server's close awaits a worker thread that does not hold the event loop open: keep it
  // open until the close is done, or Node exits mid-close (code 13).
  const keepAlive = setInterval(() => undefined, 1000);
  await api.close().finally(() => clearInterval(keepAlive));
  await rm(dataDir, { recursive: true, force: true });
}
