import type { AccountsStore, SecretKeyInfo } from './store/types.js';

/** `contacts-server keys …`, with the store of the --db or --database-url given. */
export interface KeysCommandInput {
  action: string | undefined;
  accountId: string | undefined;
  keyId: string | undefined;
  /** The demo account (SQLite), used when --account is not given. */
  defaultAccountId: string | null;
}

export class KeysUsageError extends Error {}

/**
 * list: the account's live keys (ids and dates: only hashes are stored). create: a new key,
 * shown once. revoke: the key with that id stops working on the next request. Every answer
 * is one line of JSON.
 */
export async function runKeysCommand(accounts: Pick<AccountsStore, 'listSecretKeys' | 'createSecretKey' | 'revokeSecretKey'>, input: KeysCommandInput): Promise<string> {
  const accountId = input.accountId ?? input.defaultAccountId;
  if (!accountId) throw new KeysUsageError('keys needs --account ACCOUNT_ID');
  switch (input.action) {
    case 'list': {
      const keys: SecretKeyInfo[] = await accounts.listSecretKeys(accountId);
      return JSON.stringify({ accountId, keys });
    }
    case 'create': {
      const created = await accounts.createSecretKey(accountId);
      return JSON.stringify({ accountId, ...created });
    }
    case 'revoke': {
      if (!input.keyId) throw new KeysUsageError('keys revoke needs --key KEY_ID (see keys list)');
      if (!(await accounts.revokeSecretKey(accountId, input.keyId))) throw new KeysUsageError(`account ${accountId} has no key ${input.keyId} (see keys list)`);
      return JSON.stringify({ accountId, revoked: input.keyId });
    }
    default:
      throw new KeysUsageError(`keys needs list, create or revoke, not "${input.action ?? ''}"`);
  }
}
