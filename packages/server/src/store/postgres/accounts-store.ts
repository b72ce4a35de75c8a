import { ROLE_PERMISSIONS, type Account, type Permissions, type Role, type Session, type User } from '@contacts-manager/core/schema';
import { ALL_PERMISSIONS, effectivePermissions, hashPrefixOf, hashToken, keyIdOf, KEY_ID_HEX, toAccount, toUser, type AccountRow, type UserRow } from '../account-rows.js';
import { newId, newTokenSecret } from '../ids.js';
import type { AccountsStore, CreateAccountInput, Principal, SecretKeyInfo, UserChanges } from '../types.js';
import { all, one, oneNamed, type Queryable } from './queryable.js';

/** Accounts, keys, users and sessions. Every request reads its caller from here: no instance caches a session or a permission. */
export class PostgresAccountsStore implements AccountsStore {
  constructor(private readonly db: Queryable) {}

  async createAccount(input: CreateAccountInput): Promise<{ account: Account; secretKey: string }> {
    const id = newId('ac');
    const now = new Date().toISOString();
    const secretKey = input.secretKey ?? `sk_${newTokenSecret()}`;
    const country = (input.defaultCountry ?? 'US').toUpperCase();
    const limits = Object.fromEntries((input.disabledPermissions ?? []).map((name) => [name, false]));
    // One statement: the account and its key land together.
    await this.db.query(
      `WITH account AS (INSERT INTO accounts (id, name, default_country, permission_limits, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id)
       INSERT INTO api_keys (token_hash, account_id, created_at) SELECT $6, id, $5 FROM account`,
      [id, input.name, country, JSON.stringify(limits), now, hashToken(secretKey)],
    );
    return { account: { id, name: input.name, defaultCountry: country }, secretKey };
  }

  async addSecretKey(accountId: string, secretKey: string): Promise<void> {
    await this.db.query(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [hashToken(secretKey), accountId, new Date().toISOString()]);
  }

  async findAccountBySecretKey(secretKey: string): Promise<Account | null> {
    const row = await one<AccountRow>(this.db, `SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = $1`, [hashToken(secretKey)]);
    return row ? toAccount(row) : null;
  }

  async resolveToken(token: string, nowMs: number): Promise<Principal | null> {
    const tokenHash = hashToken(token);
    if (token.startsWith('sk_')) {
      const row = await oneNamed<AccountRow>(this.db, 'resolve-secret-key', `SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = $1`, [tokenHash]);
      return row ? { kind: 'secret_key', account: toAccount(row), user: null, permissions: { ...ALL_PERMISSIONS }, tokenHash } : null;
    }
    if (!token.startsWith('st_')) return null;
    const row = await oneNamed<AccountRow & { user_id: string; user_name: string; role: Role; permissions: string; user_created_at: string; expires_at: string }>(
      this.db,
      'resolve-session',
      `SELECT a.*, u.id AS user_id, u.name AS user_name, u.role, u.permissions, u.created_at AS user_created_at, s.expires_at
         FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN users u ON u.account_id = s.account_id AND u.id = s.user_id
        WHERE s.token_hash = $1`,
      [tokenHash],
    );
    if (!row || Number(row.expires_at) <= nowMs) return null;
    const user: UserRow = { id: row.user_id, account_id: row.id, name: row.user_name, role: row.role, permissions: row.permissions, created_at: row.user_created_at };
    return { kind: 'session', account: toAccount(row), user: { id: user.id, name: user.name, role: user.role }, permissions: effectivePermissions(user, row), tokenHash };
  }

  async createUser(accountId: string, input: { name: string; role: Role; permissions?: Partial<Permissions> | undefined }): Promise<User> {
    const row: UserRow = {
      id: newId('us'),
      account_id: accountId,
      name: input.name,
      role: input.role,
      permissions: JSON.stringify({ ...ROLE_PERMISSIONS[input.role], ...input.permissions }),
      created_at: new Date().toISOString(),
    };
    await this.db.query(`INSERT INTO users (account_id, id, name, role, permissions, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.account_id,
      row.id,
      row.name,
      row.role,
      row.permissions,
      row.created_at,
    ]);
    return toUser(row);
  }

  async findUser(accountId: string, userId: string): Promise<User | null> {
    const row = await one<UserRow>(this.db, `SELECT * FROM users WHERE account_id = $1 AND id = $2`, [accountId, userId]);
    return row ? toUser(row) : null;
  }

  async updateUser(accountId: string, userId: string, changes: UserChanges): Promise<User | null> {
    const current = await this.findUser(accountId, userId);
    if (!current) return null;
    const role = changes.role ?? current.role;
    const base = changes.role && changes.role !== current.role ? ROLE_PERMISSIONS[role] : current.permissions;
    await this.db.query(`UPDATE users SET name = $1, role = $2, permissions = $3 WHERE account_id = $4 AND id = $5`, [
      changes.name ?? current.name,
      role,
      JSON.stringify({ ...base, ...changes.permissions }),
      accountId,
      userId,
    ]);
    return this.findUser(accountId, userId);
  }

  async listUsers(accountId: string, afterId: string | null, limit: number): Promise<User[]> {
    return (await all<UserRow>(this.db, `SELECT * FROM users WHERE account_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [accountId, afterId ?? '', limit])).map(toUser);
  }

  async createSession(accountId: string, user: User, ttlSeconds: number, nowMs: number): Promise<Session> {
    const token = `st_${newTokenSecret()}`;
    const expiresAt = nowMs + ttlSeconds * 1000;
    await this.db.query(`INSERT INTO sessions (token_hash, account_id, user_id, expires_at) VALUES ($1, $2, $3, $4)`, [hashToken(token), accountId, user.id, expiresAt]);
    return { token, expiresAt: new Date(expiresAt).toISOString(), user };
  }

  async deleteExpiredSessions(nowMs: number): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE expires_at <= $1`, [nowMs]);
  }

  async getSetting(key: string): Promise<string | null> {
    return (await one<{ value: string }>(this.db, `SELECT value FROM settings WHERE key = $1`, [key]))?.value ?? null;
  }

  async listSecretKeys(accountId: string): Promise<SecretKeyInfo[]> {
    const rows = await all<{ token_hash: string; created_at: string }>(this.db, `SELECT token_hash, created_at FROM api_keys WHERE account_id = $1 ORDER BY created_at, token_hash`, [accountId]);
    return rows.map((row) => ({ id: keyIdOf(row.token_hash), createdAt: row.created_at }));
  }

  async createSecretKey(accountId: string): Promise<SecretKeyInfo & { secretKey: string }> {
    const secretKey = `sk_${newTokenSecret()}`;
    const createdAt = new Date().toISOString();
    await this.db.query(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES ($1, $2, $3)`, [hashToken(secretKey), accountId, createdAt]);
    return { id: keyIdOf(hashToken(secretKey)), createdAt, secretKey };
  }

  async revokeSecretKey(accountId: string, keyId: string): Promise<boolean> {
    const prefix = hashPrefixOf(keyId);
    if (prefix === null) return false;
    const result = await this.db.query(`DELETE FROM api_keys WHERE account_id = $1 AND left(token_hash, ${KEY_ID_HEX}) = $2`, [accountId, prefix]);
    return (result.rowCount ?? 0) > 0;
  }

  async installationSecret(name: string, candidate: string): Promise<string> {
    // Read first: a read-only or overloaded database can still serve an existing secret.
    const stored = await this.getSetting(name);
    if (stored !== null) return stored;
    await this.db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [name, candidate]);
    return (await this.getSetting(name)) ?? candidate;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }

  /** The users of an account (the demo account's admin and agent). */
  async userIds(accountId: string): Promise<{ id: string; role: string }[]> {
    return all(this.db, `SELECT id, role FROM users WHERE account_id = $1 ORDER BY id`, [accountId]);
  }
}
