// examples/node-script against the reference server, run by Node as a user would run it
// (from source through tsx here, so no build is needed).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestAccount, type TestServer } from './test-server.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../examples/node-script/contacts-script.mjs', import.meta.url));
const coreDirectory = fileURLToPath(new URL('../../packages/core', import.meta.url));

let server: TestServer;
let account: TestAccount;

beforeAll(async () => {
  server = await startTestServer();
  account = await server.newAccount('Script');
  await account.client.contacts.create({ fullName: 'Existing Person', phone: '+12025550177' });
});
afterAll(() => server.close());

function runScript(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', '--conditions=@contacts-manager/source', script, ...args], {
    cwd: coreDirectory,
    env: { ...process.env, CONTACTS_BASE_URL: server.url, CONTACTS_SECRET_KEY: account.secretKey },
    timeout: 30_000,
  });
}

describe('examples/node-script', () => {
  it('lists, creates and opts out; then deletes all with progress', async () => {
    const first = await runScript();
    expect(first.stdout).toContain('1 contacts; the first 1:');
    expect(first.stdout).toContain('Existing Person');
    expect(first.stdout).toMatch(/Created Grace Hopper \+12025550199 as ct_/);
    expect(first.stdout).toContain('Opted out Grace Hopper (source: manual)');
    expect((await account.client.contacts.list()).total).toBe(2);

    const second = await runScript('--delete-all');
    expect(second.stdout).toContain('+12025550199 already belongs to Grace Hopper');
    expect(second.stdout).toContain('Deleting all contacts: 2/2');
    expect(second.stdout).toContain('Delete all succeeded');
    expect((await account.client.contacts.list()).total).toBe(0);
  });

  it('exits non-zero with the typed error on a bad key', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', '--conditions=@contacts-manager/source', script], {
      cwd: coreDirectory,
      env: { ...process.env, CONTACTS_BASE_URL: server.url, CONTACTS_SECRET_KEY: 'sk_wrong' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('AuthenticationError (401');
  });
});
