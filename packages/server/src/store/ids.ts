import { randomBytes } from 'node:crypto';

/** Crockford base32: in ASCII order, so ids sort by creation time (ULID layout). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type IdPrefix = 'ct' | 'ls' | 'im' | 'jb' | 'us' | 'ac';

/**
 * `ct_` + a ULID-like id: 10 characters of millisecond time then 16 random ones. Ids sort
 * by creation time, which makes them a stable tie-breaker for keyset pagination.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = '';
  let value = now;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD[value % 32] + time;
    value = Math.floor(value / 32);
  }
  let random = '';
  for (const byte of randomBytes(RANDOM_CHARS)) random += CROCKFORD[byte & 31];
  return `${prefix}_${time}${random}`;
}

/** A bearer token's random part: 32 base62 characters (~190 bits). */
export function newTokenSecret(): string {
  let out = '';
  for (const byte of randomBytes(32)) out += BASE62[byte % 62];
  return out;
}
