import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TIME_WIDTH = 8;
const RANDOM_WIDTH = 14;

export type IdPrefix = 'ct' | 'ls' | 'im' | 'jb' | 'us' | 'ac';

function encodeTime(ms: number): string {
  let value = ms;
  let out = '';
  for (let i = 0; i < TIME_WIDTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/**
 * `ct_` + a time-ordered, random id. The alphabet is in ASCII order, so ids sort by
 * creation time and make a stable tie-breaker for keyset pagination.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  const bytes = randomBytes(RANDOM_WIDTH);
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 62];
  return `${prefix}_${encodeTime(now)}${random}`;
}

/** A bearer token's random part: 32 base62 characters (~190 bits). */
export function newTokenSecret(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return out;
}
