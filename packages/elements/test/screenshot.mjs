// Looks at the widget: starts the reference server and a Vite dev server, opens the demo page in
// the system Chromium and saves screenshots of the main views (run with tsx and the source condition).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { startServer, createAccount, createUser, createSession } from '@contacts-manager/server';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outDir = process.argv[2] ?? join(tmpdir(), 'cm-screens');
await mkdir(outDir, { recursive: true });
const dataDir = await mkdtemp(join(tmpdir(), 'cm-shot-'));
const api = await startServer({ port: 0, database: join(dataDir, 'db.sqlite'), rateLimit: false });
const { db, contacts } = api.services;
const { account } = createAccount(db, { name: 'Shots' });
const admin = createUser(db, account.id, { name: 'Avery Admin', role: 'admin' });
const agent = createUser(db, account.id, { name: 'Sam Agent', role: 'agent' });
const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Margaret Hamilton', '<b>Bold</b> Mallory', 'Édith Piaf'];
db.transaction(() => {
  names.forEach((fullName, index) =>
    contacts.create(account.id, { fullName, phone: `+1415555${String(100 + index).padStart(4, '0')}`, email: index % 2 ? null : `p${index}@example.com`, listIds: [], optedOut: index === 2 }),
  );
})();
const adminToken = createSession(db, account.id, admin, 3600, Date.now()).token;
const agentToken = createSession(db, account.id, agent, 3600, Date.now()).token;

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
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  page.on('console', (message) => message.type() === 'error' && console.error('page:', message.text()));
  const open = async (query) => {
    await page.goto(`${pageBase}?base-url=${encodeURIComponent(api.url)}&${query}`);
    await page.waitForSelector('contacts-manager >> [role="option"]', { timeout: 15000 });
  };
  if (views.includes('list')) {
    await open(`token=${adminToken}`);
    await page.click('contacts-manager >> [role="option"] >> nth=0');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outDir, 'list-detail.png') });
    await page.click('contacts-manager >> [role="option"] >> nth=1');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'opted-out.png') });
    await page.click('contacts-manager >> cm-action-menu >> .trigger');
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
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
}
