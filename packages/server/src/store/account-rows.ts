// Rows of accounts and users as both backends store them, and the rules that turn them
// into the API's shapes (permissions: the user's switches less the account type's limits).
import { createHash } from 'node:crypto';
import { ROLE_PERMISSIONS, type Account, type Permissions, type Role, type User } from '@contacts-manager/core/schema';

export const ALL_PERMISSIONS: Permissions = { ...ROLE_PERMISSIONS.admin };

/** Tokens are stored as hashes only: a copy of the database opens no account. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A secret key's public id: the start of its hash (the key itself is never stored). */
export const KEY_ID_HEX = 16;
export const keyIdOf = (tokenHash: string): string => `key_${tokenHash.slice(0, KEY_ID_HEX)}`;
/** The hash prefix a key id names, or null for anything that is not a key id. */
export const hashPrefixOf = (keyId: string): string | null => (new RegExp(`^key_[0-9a-f]{${KEY_ID_HEX}}$`).test(keyId) ? keyId.slice(4) : null);

export interface AccountRow {
  id: string;
  name: string;
  default_country: string;
  permission_limits: string;
}

export interface UserRow {
  id: string;
  account_id: string;
  name: string;
  role: Role;
  permissions: string;
  created_at: string;
}

export const toAccount = (row: AccountRow): Account => ({ id: row.id, name: row.name, defaultCountry: row.default_country });

export const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  role: row.role,
  permissions: storedPermissions(row),
  createdAt: row.created_at,
});

/** A user's switches; a permission added since they were stored takes the role's default. */
export function storedPermissions(row: UserRow): Permissions {
  return { ...ROLE_PERMISSIONS[row.role], ...(JSON.parse(row.permissions) as Partial<Permissions>) };
}

/** A user's own switches, less what the account type turns off for everyone. */
export function effectivePermissions(user: UserRow, account: AccountRow): Permissions {
  const result = storedPermissions(user);
  const limits = JSON.parse(account.permission_limits) as Partial<Permissions>;
  for (const name of Object.keys(result) as (keyof Permissions)[]) {
    if (limits[name] === false) result[name] = false;
  }
  return result;
}
