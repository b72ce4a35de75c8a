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

const DEMO_KEY_SETTING = 'demo_secret_key';

/**
 * The demo account `contacts-server` creates on first run ("Demo", US numbers): an admin
 * with every permission and an agent who cannot delete. Its secret key is `secretKey` when
 * given (re-attached on every run), else the one made on first run, kept in the database so
 * restarts print the same key.
 */
export function ensureDemoAccount(store: SqliteStore, options: { secretKey?: string | undefined; seedContacts?: number } = {}): DemoAccount {
  const { db, accounts } = store;
  const storedKey = accounts.getSetting(DEMO_KEY_SETTING);
  const account = storedKey ? accounts.findAccountBySecretKey(storedKey) : null;

  let result: DemoAccount;
  if (account && storedKey) {
    const users = db.prepare<[string], { id: string; role: string }>(`SELECT id, role FROM users WHERE account_id = ? ORDER BY id`).all(account.id);
    const secretKey = options.secretKey ?? storedKey;
    accounts.addSecretKey(account.id, secretKey);
    result = {
      accountId: account.id,
      secretKey,
      adminUserId: users.find((user) => user.role === 'admin')?.id ?? '',
      agentUserId: users.find((user) => user.role === 'agent')?.id ?? '',
      created: false,
      seededContacts: 0,
    };
  } else {
    const created = accounts.createAccount({ name: 'Demo', defaultCountry: 'US', secretKey: options.secretKey });
    accounts.setSetting(DEMO_KEY_SETTING, created.secretKey);
    const admin = accounts.createUser(created.account.id, { name: 'Avery Admin', role: 'admin' });
    const agent = accounts.createUser(created.account.id, { name: 'Agent', role: 'agent', permissions: { deleteContacts: false, deleteAllContacts: false } });
    result = { accountId: created.account.id, secretKey: created.secretKey, adminUserId: admin.id, agentUserId: agent.id, created: true, seededContacts: 0 };
  }

  const count = options.seedContacts ?? 0;
  if (count > 0 && store.contacts.contactCount(result.accountId) === 0) {
    const now = new Date().toISOString();
    const insertList = db.prepare(`INSERT OR IGNORE INTO lists (id, account_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`);
    for (const name of ['Customers', 'Newsletter', 'VIP']) insertList.run(newId('ls'), result.accountId, name, nameKey(name), now);
    const listIds = db.prepare<[string], { id: string }>(`SELECT id FROM lists WHERE account_id = ? ORDER BY name_key`).all(result.accountId).map((row) => row.id);
    result.seededContacts = seedContacts(db, result.accountId, count, { listIds, optOutEvery: 25 });
  }
  return result;
}
