import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { newId } from '../ids.js';
import { nameKey } from './contacts-store.js';
import { seedContacts } from './seed-contacts.js';
import type { SqliteStore } from './sqlite-store.js';

export interface DemoAccount {
  accountId: string;
  secretKey: string;
  adminUserId: string;
  agentUserId: string;
  created: boolean;
  seededContacts: number;
}

/** The demo account's id (not its key: keys are stored only as hashes). */
const DEMO_ACCOUNT_SETTING = 'demo_account_id';
/** Where older databases kept the demo key in clear; moved to the key file on start. */
const LEGACY_DEMO_KEY_SETTING = 'demo_secret_key';

/** The file beside a database that holds its demo key for the developer: `<database>.demo-key`. */
export const demoKeyFileOf = (databasePath: string): string => `${databasePath}.demo-key`;

function readKeyFile(path: string | undefined): string | null {
  if (!path || !existsSync(path)) return null;
  const text = readFileSync(path, 'utf8').trim();
  return /^sk_\w+$/.test(text) ? text : null;
}

function writeKeyFile(path: string | undefined, secretKey: string): void {
  if (path) writeFileSync(path, `${secretKey}\n`, { mode: 0o600 });
}

/**
 * The demo account `contacts-server` creates on first run ("Demo", US numbers): an admin
 * with every permission and an agent who cannot delete. Its secret key is `secretKey` when
 * given (CONTACTS_SECRET_KEY, attached on every run), else the one in `keyFile` beside the
 * database; the database holds only its hash. A missing or revoked file key is replaced by
 * a new key (the old one keeps working until revoked with `contacts-server keys revoke`).
 */
export function ensureDemoAccount(store: SqliteStore, options: { secretKey?: string | undefined; seedContacts?: number; keyFile?: string | undefined } = {}): DemoAccount {
  const { db, accounts } = store;
  const legacyKey = accounts.getSetting(LEGACY_DEMO_KEY_SETTING);
  if (legacyKey) {
    if (!readKeyFile(options.keyFile)) writeKeyFile(options.keyFile, legacyKey);
    const legacyAccount = accounts.findAccountBySecretKey(legacyKey);
    if (legacyAccount && !accounts.getSetting(DEMO_ACCOUNT_SETTING)) accounts.setSetting(DEMO_ACCOUNT_SETTING, legacyAccount.id);
    accounts.deleteSetting(LEGACY_DEMO_KEY_SETTING);
  }
  const demoId = accounts.getSetting(DEMO_ACCOUNT_SETTING);
  const exists = demoId !== null && db.prepare<[string], { id: string }>(`SELECT id FROM accounts WHERE id = ?`).get(demoId) !== undefined;

  let result: DemoAccount;
  if (exists && demoId) {
    const users = db.prepare<[string], { id: string; role: string }>(`SELECT id, role FROM users WHERE account_id = ? ORDER BY id`).all(demoId);
    let secretKey = options.secretKey;
    if (secretKey) accounts.addSecretKey(demoId, secretKey);
    else {
      const fileKey = readKeyFile(options.keyFile);
      secretKey = fileKey && accounts.findAccountBySecretKey(fileKey)?.id === demoId ? fileKey : accounts.createSecretKey(demoId).secretKey;
    }
    writeKeyFile(options.keyFile, secretKey);
    result = {
      accountId: demoId,
      secretKey,
      adminUserId: users.find((user) => user.role === 'admin')?.id ?? '',
      agentUserId: users.find((user) => user.role === 'agent')?.id ?? '',
      created: false,
      seededContacts: 0,
    };
  } else {
    const created = accounts.createAccount({ name: 'Demo', defaultCountry: 'US', secretKey: options.secretKey });
    accounts.setSetting(DEMO_ACCOUNT_SETTING, created.account.id);
    writeKeyFile(options.keyFile, created.secretKey);
    const admin = accounts.createUser(created.account.id, { name: 'Avery Admin', role: 'admin' });
    const agent = accounts.createUser(created.account.id, { name: 'Agent', role: 'agent', permissions: { deleteContacts: false, deleteAllContacts: false } });
    result = { accountId: created.account.id, secretKey: created.secretKey, adminUserId: admin.id, agentUserId: agent.id, created: true, seededContacts: 0 };
  }

  const count = options.seedContacts ?? 0;
  if (count > 0 && store.contacts.contactCount(result.accountId) === 0) {
    const now = new Date().toISOString();
    const account = store.sql.accountRid(result.accountId);
    const insertList = db.prepare(`INSERT OR IGNORE INTO lists (id, account_rid, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`);
    for (const name of ['Customers', 'Newsletter', 'VIP']) insertList.run(newId('ls'), account, name, nameKey(name), now);
    const listIds = db.prepare<[number], { id: string }>(`SELECT id FROM lists WHERE account_rid = ? ORDER BY name_key`).all(account).map((row) => row.id);
    result.seededContacts = seedContacts(db, result.accountId, count, { listIds, optOutEvery: 25 });
  }
  return result;
}
