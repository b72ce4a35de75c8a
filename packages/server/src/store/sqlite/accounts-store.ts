import { createHash } from 'node:crypto';
import {
  ROLE_PERMISSIONS,
  type Account,
  type Permissions,
  type Role,
  type Session,
  type User,
  UserPatchInput,
} from '@contacts-manager/core/schema';
import type * as z from 'zod';
import type { SqliteDatabase } from '../db/open-database.js';
import { newId, newTokenSecret } from '../db/ids.js';

/** Who is calling: an account secret key (every right) or one user's session. */
export interface Principal {
  kind: 'secret_key' | 'session';
  account: Account;
  user: { id: string; name: string; role: Role } | null;
  permissions: Permissions;
  /** A stable, non-secret handle of the token: rate limits and idempotency keys are scoped to it. */
  tokenHash: string;
}

export const ALL_PERMISSIONS: Permissions = { ...ROLE_PERMISSIONS.admin };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface AccountRow {
  id: string;
  name: string;
  default_country: string;
  permission_limits: string;
}

interface UserRow {
  id: string;
  account_id: string;
  name: string;
  role: Role;
  permissions: string;
  created_at: string;
}

const toAccount = (row: AccountRow): Account => ({ id: row.id, name: row.name, defaultCountry: row.default_country });

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    permissions: JSON.parse(row.permissions) as Permissions,
    createdAt: row.created_at,
  };
}

export interface CreateAccountInput {
  name: string;
  defaultCountry?: string;
  /** A fixed secret key (the demo account); a random one otherwise. */
  secretKey?: string;
  /** Permissions switched off for every user of this account type. */
  disabledPermissions?: (keyof Permissions)[];
}

export function createAccount(db: SqliteDatabase, input: CreateAccountInput): { account: Account; secretKey: string } {
  const id = newId('ac');
  const now = new Date().toISOString();
  const secretKey = input.secretKey ?? `sk_${newTokenSecret()}`;
  const limits = Object.fromEntries((input.disabledPermissions ?? []).map((name) => [name, false]));
  db.transaction(() => {
    db.prepare(
      `INSERT INTO accounts (id, name, default_country, permission_limits, created_at) VALUES (?, ?, ?, ?, ?)`,
    ).run(id, input.name, (input.defaultCountry ?? 'US').toUpperCase(), JSON.stringify(limits), now);
    db.prepare(`INSERT INTO api_keys (token_hash, account_id, created_at) VALUES (?, ?, ?)`).run(hashToken(secretKey), id, now);
  })();
  return { account: { id, name: input.name, defaultCountry: (input.defaultCountry ?? 'US').toUpperCase() }, secretKey };
}

/** The account a secret key opens, if the key is known. */
export function findAccountBySecretKey(db: SqliteDatabase, secretKey: string): Account | null {
  const row = db
    .prepare<[string], AccountRow>(
      `SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = ?`,
    )
    .get(hashToken(secretKey));
  return row ? toAccount(row) : null;
}

function effectivePermissions(user: UserRow, account: AccountRow): Permissions {
  const own = JSON.parse(user.permissions) as Permissions;
  const limits = JSON.parse(account.permission_limits) as Partial<Permissions>;
  const result = { ...own };
  for (const name of Object.keys(result) as (keyof Permissions)[]) {
    if (limits[name] === false) result[name] = false;
  }
  return result;
}

/** Resolves a bearer token; null for anything unknown, expired or malformed (all 401). */
export function resolveToken(db: SqliteDatabase, token: string, nowMs: number): Principal | null {
  const tokenHash = hashToken(token);
  if (token.startsWith('sk_')) {
    const row = db
      .prepare<[string], AccountRow>(`SELECT a.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.token_hash = ?`)
      .get(tokenHash);
    if (!row) return null;
    return { kind: 'secret_key', account: toAccount(row), user: null, permissions: { ...ALL_PERMISSIONS }, tokenHash };
  }
  if (token.startsWith('st_')) {
    const session = db
      .prepare<[string], { account_id: string; user_id: string; expires_at: number }>(
        `SELECT account_id, user_id, expires_at FROM sessions WHERE token_hash = ?`,
      )
      .get(tokenHash);
    if (!session || session.expires_at <= nowMs) return null;
    const account = db.prepare<[string], AccountRow>(`SELECT * FROM accounts WHERE id = ?`).get(session.account_id);
    const user = db
      .prepare<[string, string], UserRow>(`SELECT * FROM users WHERE id = ? AND account_id = ?`)
      .get(session.user_id, session.account_id);
    if (!account || !user) return null;
    return {
      kind: 'session',
      account: toAccount(account),
      user: { id: user.id, name: user.name, role: user.role },
      permissions: effectivePermissions(user, account),
      tokenHash,
    };
  }
  return null;
}

export function createUser(db: SqliteDatabase, accountId: string, input: { name: string; role: Role; permissions?: Partial<Permissions> | undefined }): User {
  const row: UserRow = {
    id: newId('us'),
    account_id: accountId,
    name: input.name,
    role: input.role,
    permissions: JSON.stringify({ ...ROLE_PERMISSIONS[input.role], ...input.permissions }),
    created_at: new Date().toISOString(),
  };
  db.prepare(
    `INSERT INTO users (id, account_id, name, role, permissions, created_at) VALUES (@id, @account_id, @name, @role, @permissions, @created_at)`,
  ).run(row);
  return toUser(row);
}

export function findUser(db: SqliteDatabase, accountId: string, userId: string): User | null {
  const row = db.prepare<[string, string], UserRow>(`SELECT * FROM users WHERE id = ? AND account_id = ?`).get(userId, accountId);
  return row ? toUser(row) : null;
}

/** A role change starts from the new role's defaults; explicit switches apply on top. */
export function updateUser(db: SqliteDatabase, accountId: string, userId: string, patch: z.output<typeof UserPatchInput>): User | null {
  const current = findUser(db, accountId, userId);
  if (!current) return null;
  const role = patch.role ?? current.role;
  const base = patch.role && patch.role !== current.role ? ROLE_PERMISSIONS[role] : current.permissions;
  const permissions = { ...base, ...patch.permissions };
  db.prepare(`UPDATE users SET name = ?, role = ?, permissions = ? WHERE id = ? AND account_id = ?`).run(
    patch.name ?? current.name,
    role,
    JSON.stringify(permissions),
    userId,
    accountId,
  );
  return findUser(db, accountId, userId);
}

export function listUsers(db: SqliteDatabase, accountId: string, afterId: string | null, limit: number): User[] {
  return db
    .prepare<[string, string, number], UserRow>(`SELECT * FROM users WHERE account_id = ? AND id > ? ORDER BY id LIMIT ?`)
    .all(accountId, afterId ?? '', limit)
    .map(toUser);
}

export function createSession(db: SqliteDatabase, accountId: string, user: User, ttlSeconds: number, nowMs: number): Session {
  const token = `st_${newTokenSecret()}`;
  const expiresAt = nowMs + ttlSeconds * 1000;
  db.prepare(`INSERT INTO sessions (token_hash, account_id, user_id, expires_at) VALUES (?, ?, ?, ?)`).run(
    hashToken(token),
    accountId,
    user.id,
    expiresAt,
  );
  return { token, expiresAt: new Date(expiresAt).toISOString(), user };
}
