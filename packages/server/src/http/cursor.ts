import { validationFailed } from './api-error.js';

/** Keyset cursors: the last row's sort key and id, opaque to clients (base64url JSON). */
export function encodeCursor(scope: string, key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([scope, key, id])).toString('base64url');
}

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
  throw validationFailed([{ path: 'cursor', code: 'invalid_cursor', message: 'The cursor is not valid for this query; start again without it.' }]);
}
