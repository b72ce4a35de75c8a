import { randomBytes } from 'node:crypto';

/** Crockford base32: in ASCII order, so ids sort by creation time (ULID layout). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

type IdPrefix = 'ct' | 'ls' | 'im' | 'jb' | 'us' | 'ac' | 'we' | 'wd' | 'ev';

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * `ct_` + a ULID-like id: 10 characters of millisecond time then 16 random ones. Ids sort
 * by creation time, and within one millisecond the random part counts up (monotonic ULID),
 * so ids are a stable tie-breaker for keyset pagination in creation order.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let random: number[];
  if (now <= lastTime) {
    random = [...lastRandom];
    for (let i = random.length - 1; i >= 0; i--) {
      random[i] = (random[i]! + 1) % 32;
      if (random[i] !== 0) break;
    }
  } else {
    random = [...randomBytes(RANDOM_CHARS)].map((byte) => byte & 31);
    lastTime = now;
  }
  lastRandom = random;
  let time = '';
  let value = lastTime;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD[value % 32] + time;
    value = Math.floor(value / 32);
  }
  return `${prefix}_${time}${random.map((digit) => CROCKFORD[digit]).join('')}`;
}

/** A bearer token's random part: 32 base62 characters (~190 bits). */
export function newTokenSecret(): string {
  let out = '';
  for (const byte of randomBytes(32)) out += BASE62[byte % 62];
  return out;
}
