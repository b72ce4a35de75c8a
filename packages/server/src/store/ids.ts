import { randomBytes } from 'node:crypto';

/** Crockford base32: in ASCII order, so ids sort by creation time (ULID layout). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

type IdPrefix = 'ct' | 'ls' | 'im' | 'jb' | 'us' | 'ac' | 'we' | 'wd' | 'ev';

let lastTime = -1;
/** The last id's time part (encoded once per millisecond) and random digits, counted up in place. */
let lastTimeChars = '';
const lastRandom: number[] = new Array<number>(RANDOM_CHARS).fill(0);
let lastRandomChars = '';

/**
 * `ct_` + a ULID-like id: 10 characters of millisecond time then 16 random ones. Ids sort
 * by creation time, and within one millisecond the random part counts up (monotonic ULID),
 * so ids are a stable tie-breaker for keyset pagination in creation order. An import commit
 * makes a million of them in one millisecond's worth of calls, so the count-up edits the
 * last id's characters rather than building every id from scratch.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  if (now <= lastTime) {
    let digit = RANDOM_CHARS - 1;
    while (digit > 0 && lastRandom[digit] === 31) lastRandom[digit--] = 0;
    lastRandom[digit] = (lastRandom[digit]! + 1) % 32;
    lastRandomChars = lastRandomChars.slice(0, digit) + CROCKFORD[lastRandom[digit]!] + '0'.repeat(RANDOM_CHARS - 1 - digit);
  } else {
    const bytes = randomBytes(RANDOM_CHARS);
    lastRandomChars = '';
    for (let i = 0; i < RANDOM_CHARS; i++) {
      lastRandom[i] = bytes[i]! & 31;
      lastRandomChars += CROCKFORD[lastRandom[i]!];
    }
    lastTime = now;
    lastTimeChars = '';
    for (let value = now, i = 0; i < TIME_CHARS; i++, value = Math.floor(value / 32)) lastTimeChars = CROCKFORD[value % 32] + lastTimeChars;
  }
  return `${prefix}_${lastTimeChars}${lastRandomChars}`;
}

/** A bearer token's random part: 32 base62 characters (~190 bits). */
export function newTokenSecret(): string {
  let out = '';
  for (const byte of randomBytes(32)) out += BASE62[byte % 62];
  return out;
}
