// What the test pages get from the test runner's reference server.
export interface TestAccount {
  baseUrl: string;
  accountId: string;
  secretKey: string;
  adminToken: string;
  agentToken: string;
  viewerToken: string;
}

/** A fresh account on the real server: `contacts` named `Prefix 000000…` (through the API), `bulk` realistic ones (straight into the store). */
export async function createTestAccount(options: { contacts?: number; prefix?: string; bulk?: number } = {}): Promise<TestAccount> {
  const params = new URLSearchParams();
  if (options.contacts) params.set('contacts', String(options.contacts));
  if (options.bulk) params.set('bulk', String(options.bulk));
  if (options.prefix) params.set('prefix', options.prefix);
  const response = await fetch(`/__cm-test/account?${params}`);
  if (!response.ok) throw new Error(`The test server answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TestAccount;
}
