import type { SqliteDatabase } from '../db/open-database.js';
import { createAccount, createUser, findAccountBySecretKey, hashToken } from '../domain/accounts.js';
import { newId } from '../db/ids.js';
import { nameKey } from '../domain/contacts-repository.js';

export interface DemoAccount {
  accountId: string;
  /** Known only when this call created it or was given it. */
  secretKey: string | null;
  users: { id: string; name: string; role: string }[];
  created: boolean;
}

const SAMPLE_CONTACTS: [string, string, string | null][] = [
  ['Ada Lovelace', '+14155550101', 'ada@example.com'],
  ['Grace Hopper', '+14155550102', 'grace@example.com'],
  ['Alan Turing', '+14155550103', null],
  ['Katherine Johnson', '+14155550104', 'katherine@example.com'],
  ['Margaret Hamilton', '+14155550105', null],
];

/**
 * The demo account `contacts-server` creates on first run: an admin and an agent, two lists
 * and a few contacts. A given secret key is (re)attached on every run so scripts can rely on it.
 */
export function ensureDemoAccount(db: SqliteDatabase, options: { secretKey?: string | undefined } = {}): DemoAccount {
  const existing = db.prepare<[], { id: string }>(`SELECT id FROM accounts ORDER BY created_at LIMIT 1`).get();
  if (existing) {
    if (options.secretKey && !findAccountBySecretKey(db, options.secretKey)) {
      db.prepare(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES (?, ?, ?)`).run(
        hashToken(options.secretKey),
        existing.id,
        new Date().toISOString(),
      );
    }
    const users = db.prepare<[string], { id: string; name: string; role: string }>(`SELECT id, name, role FROM users WHERE account_id = ? ORDER BY id`).all(existing.id);
    return { accountId: existing.id, secretKey: options.secretKey ?? null, users, created: false };
  }

  const { account, secretKey } = createAccount(db, { name: 'Demo account', defaultCountry: 'US', secretKey: options.secretKey });
  const admin = createUser(db, account.id, { name: 'Avery Admin', role: 'admin' });
  const agent = createUser(db, account.id, { name: 'Sam Agent', role: 'agent' });
  const now = new Date().toISOString();
  const customers = newId('ls');
  db.transaction(() => {
    const insertList = db.prepare(`INSERT INTO lists (id, account_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)`);
    insertList.run(customers, account.id, 'Customers', nameKey('Customers'), now);
    insertList.run(newId('ls'), account.id, 'Newsletter', nameKey('Newsletter'), now);
    const insertContact = db.prepare(
      `INSERT INTO contacts (id, account_id, full_name, name_key, phone, email, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const addToList = db.prepare(`INSERT INTO contact_lists (contact_id, list_id) VALUES (?, ?)`);
    const recordChange = db.prepare(`INSERT INTO changes (account_id, contact_id, op, at) VALUES (?, ?, 'upsert', ?)`);
    for (const [fullName, phone, email] of SAMPLE_CONTACTS) {
      const id = newId('ct');
      insertContact.run(id, account.id, fullName, nameKey(fullName), phone, email, now, now);
      addToList.run(id, customers);
      recordChange.run(account.id, id, Date.now());
    }
  })();
  return {
    accountId: account.id,
    secretKey,
    users: [admin, agent].map((user) => ({ id: user.id, name: user.name, role: user.role })),
    created: true,
  };
}
