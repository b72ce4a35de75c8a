import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { validationFailed } from './api-error.js';

/** Keyset cursors as the store reads them: the last row's sort key and id (base64url JSON). */
export function encodeCursor(scope: string, key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([scope, key, id])).toString('base64url');
}

const invalidCursor = () =>
  validationFailed([{ path: 'cursor', code: 'invalid_cursor', message: 'The cursor is not valid for this query; start again without it.' }]);

export function decodeCursor(cursor: string, scope: string): [string | number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value[0] === scope &&
      (typeof value[1] === 'string' || typeof value[1] === 'number') &&
      typeof value[2] === 'string'
    ) {
      return [value[1], value[2]];
    }
  } catch {
    // fall through to the validation error
  }
  throw invalidCursor();
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What clients see of a cursor: the store's cursor encrypted and authenticated (AES-256-GCM)
 * with the installation's key, bound to the account and the endpoint. No contact data is
 * readable in it, and a tampered, foreign or other endpoint's cursor fails to open (422
 * `invalid_cursor`). Every instance sharing one database shares the key, so any of them
 * continues a page another one started.
 */
export class CursorSealer {
  private key: Promise<Buffer> | null = null;

  /**
   * `secret`: the installation's cursor secret (any length; a 256-bit key is derived from it),
   * or a function that reads it (from the database) on first use.
   */
  constructor(private readonly secret: string | (() => Promise<string>)) {}

  static newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  /** Reads (or makes) the secret now, so a storage fault later does not stop paging. */
  prepare(): void {
    this.keyOf().catch(() => undefined);
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= (typeof this.secret === 'string' ? Promise.resolve(this.secret) : this.secret()).then((secret) =>
      Buffer.from(hkdfSync('sha256', secret, 'contacts-api', 'cursor-v1', 32)),
    );
    // A failed read (storage down) is tried again on the next request.
    this.key.catch(() => {
      this.key = null;
    });
    return this.key;
  }

  /** `cursor`: the store's cursor, base64url as `encodeCursor` writes it. */
  async seal(accountId: string, endpoint: string, cursor: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    cipher.setAAD(Buffer.from(`${accountId}\n${endpoint}`));
    // The store's cursor is base64url: encrypt its bytes, not its text, to keep URLs short.
    const sealed = Buffer.concat([cipher.update(Buffer.from(cursor, 'base64url')), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  async open(accountId: string, endpoint: string, sealed: string): Promise<string> {
    const key = await this.keyOf();
    if (!/^[A-Za-z0-9_-]+$/.test(sealed)) throw invalidCursor();
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw invalidCursor();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${accountId}\n${endpoint}`));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('base64url');
    } catch {
      throw invalidCursor();
    }
  }
}
