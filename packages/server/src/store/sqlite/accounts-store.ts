import { ROLE_PERMISSIONS, type Account, type Permissions, type Role, type Session, type User } from '@contacts-manager/core/schema';
import { ALL_PERMISSIONS, effectivePermissions, hashPrefixOf, hashToken, keyIdOf, KEY_ID_HEX, toAccount, toUser, type AccountRow, type UserRow } from '../account-rows.js';
import { newId, newTokenSecret } from '../ids.js';
import type { AccountsStore, CreateAccountInput, Principal, SecretKeyInfo, UserChanges } from '../types.js';
import type { Synchronous } from './synchronous.js';
import type { StatementCache } from './statement-cache.js';

export class SqliteAccountsStore implements Synchronous<AccountsStore> {
  constructor(private readonly sql: StatementCache) {}

  createAccount(input: CreateAccountInput): { account: Account; secretKey: string } {
    const id = newId('ac');
    const now = new Date().toISOString();
    const secretKey = input.secretKey ?? `sk_${newTokenSecret()}`;
    const country = (input.defaultCountry ?? 'US').toUpperCase();
    const limits = Object.fromEntries((input.disabledPermissions ?? []).map((name) => [name, false]));
    this.sql.db.transaction(() => {
      this.sql
        .get(`INSERT INTO accounts (id, name, default_country, permission_limits, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(id, input.name, country, JSON.stringify(limits), now);
      this.addSecretKey(id, secretKey);
    })();
    return { account: { id, name: input.name, defaultCountry: country }, secretKey };
  }

  addSecretKey(accountId: string, secretKey: string): void {
    this.sql.get(`INSERT OR IGNORE INTO api_keys (token_hash, account_id, created_at) VALUES (?, ?, ?)`).run(hashToken(secretKey), accountId, new Date().toISOString());
  }

  findAccountBySecretKey(secretKey: string): Account | null {
    const row = this.sql
      .get<[string], AccountRow>(`SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = ?`)
      .get(hashToken(secretKey));
    return row ? toAccount(row) : null;
  }

  resolveToken(token: string, nowMs: number): Principal | null {
    const tokenHash = hashToken(token);
    if (token.startsWith('sk_')) {
      const row = this.sql
        .get<[string], AccountRow>(`SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = ?`)
        .get(tokenHash);
      return row ? { kind: 'secret_key', account: toAccount(row), user: null, permissions: { ...ALL_PERMISSIONS }, tokenHash } : null;
    }
    if (!token.startsWith('st_')) return null;
    const session = this.sql
      .get<[string], { account_id: string; user_id: string; expires_at: number }>(`SELECT account_id, user_id, expires_at FROM sessions WHERE token_hash = ?`)
      .get(tokenHash);
    if (!session || session.expires_at <= nowMs) return null;
    const account = this.sql.get<[string], AccountRow>(`SELECT * FROM accounts WHERE id = ?`).get(session.account_id);
    const user = this.sql.get<[string, string], UserRow>(`SELECT * FROM users WHERE id = ? AND account_id = ?`).get(session.user_id, session.account_id);
    if (!account || !user) return null;
    return {
      kind: 'session',
      account: toAccount(account),
      user: { id: user.id, name: user.name, role: user.role },
      permissions: effectivePermissions(user, account),
      tokenHash,
    };
  }

  createUser(accountId: string, input: { name: string; role: Role; permissions?: Partial<Permissions> | undefined }): User {
    const row: UserRow = {
      id: newId('us'),
      account_id: accountId,
      name: input.name,
      role: input.role,
      permissions: JSON.stringify({ ...ROLE_PERMISSIONS[input.role], ...input.permissions }),
      created_at: new Date().toISOString(),
    };
    this.sql
      .get(`INSERT INTO users (id, account_id, name, role, permissions, created_at) VALUES (@id, @account_id, @name, @role, @permissions, @created_at)`)
      .run(row);
    return toUser(row);
  }

  findUser(accountId: string, userId: string): User | null {
    const row = this.sql.get<[string, string], UserRow>(`SELECT * FROM users WHERE id = ? AND account_id = ?`).get(userId, accountId);
    return row ? toUser(row) : null;
  }

  /** A role change starts from the new role's defaults; explicit switches apply on top. */
  updateUser(accountId: string, userId: string, changes: UserChanges): User | null {
    const current = this.findUser(accountId, userId);
    if (!current) return null;
    const role = changes.role ?? current.role;
    const base = changes.role && changes.role !== current.role ? ROLE_PERMISSIONS[role] : current.permissions;
    this.sql
      .get(`UPDATE users SET name = ?, role = ?, permissions = ? WHERE id = ? AND account_id = ?`)
      .run(changes.name ?? current.name, role, JSON.stringify({ ...base, ...changes.permissions }), userId, accountId);
    return this.findUser(accountId, userId);
  }

  listUsers(accountId: string, afterId: string | null, limit: number): User[] {
    return this.sql
      .get<[string, string, number], UserRow>(`SELECT * FROM users WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?`)
      .all(accountId, afterId ?? '', limit)
      .map(toUser);
  }

  createSession(accountId: string, user: User, ttlSeconds: number, nowMs: number): Session {
    const token = `st_${newTokenSecret()}`;
    const expiresAt = nowMs + ttlSeconds * 1000;
    this.sql.get(`INSERT INTO sessions (token_hash, account_id, user_id, expires_at) VALUES (?, ?, ?, ?)`).run(hashToken(token), accountId, user.id, expiresAt);
    return { token, expiresAt: new Date(expiresAt).toISOString(), user };
  }

  deleteExpiredSessions(nowMs: number): void {
    this.sql.get(`DELETE FROM sessions WHERE expires_at <= ?`).run(nowMs);
  }

  /** Small key-value settings of the installation (the demo key). */
  getSetting(key: string): string | null {
    return this.sql.get<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`).get(key)?.value ?? null;
  }

  listSecretKeys(accountId: string): SecretKeyInfo[] {
    return this.sql
      .get<[string], { token_hash: string; created_at: string }>(`SELECT token_hash, created_at FROM api_keys WHERE account_id = ? ORDER BY created_at, token_hash`)
      .all(accountId)
      .map((row) => ({ id: keyIdOf(row.token_hash), createdAt: row.created_at }));
  }

  createSecretKey(accountId: string): SecretKeyInfo & { secretKey: string } {
    const secretKey = `sk_${newTokenSecret()}`;
    const createdAt = new Date().toISOString();
    this.sql.get(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES (?, ?, ?)`).run(hashToken(secretKey), accountId, createdAt);
    return { id: keyIdOf(hashToken(secretKey)), createdAt, secretKey };
  }

  revokeSecretKey(accountId: string, keyId: string): boolean {
    const prefix = hashPrefixOf(keyId);
    if (prefix === null) return false;
    return this.sql.get(`DELETE FROM api_keys WHERE account_id = ? AND substr(token_hash, 1, ${KEY_ID_HEX}) = ?`).run(accountId, prefix).changes > 0;
  }

  deleteSetting(key: string): void {
    this.sql.get(`DELETE FROM settings WHERE key = ?`).run(key);
  }

  installationSecret(name: string, candidate: string): string {
    // Read first: a read-only or locked database can still serve an existing secret.
    const stored = this.getSetting(name);
    if (stored !== null) return stored;
    this.sql.get(`INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)`).run(name, candidate);
    return this.getSetting(name) ?? candidate;
  }

  setSetting(key: string, value: string): void {
    this.sql.get(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`).run(key, value);
  }
}
