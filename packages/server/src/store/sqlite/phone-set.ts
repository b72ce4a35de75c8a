// The phone numbers an import commit asks about once per row, held compactly: a commit of a
// million rows must stay within the server's memory bar (quality.md), and a Map of a million
// entries costs several times the numbers themselves. Every step is per row, so the commit
// can yield between any two rows (no sort of the whole file that would stall reads).

/** An E.164 number's digits as a number (exact: 15 digits fit a double), or NaN for any other form. */
export const e164Digits = (phone: string): number => (/^\+[1-9]\d{0,14}$/.test(phone) ? Number(phone.slice(1)) : NaN);

const TWO_TO_32 = 4_294_967_296;

/** Spreads a number's digits over the slots (numbers of one area code differ in few bits). */
function slotHash(digits: number): number {
  let hash = Math.imul((digits >>> 0) ^ Math.imul(Math.floor(digits / TWO_TO_32), 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * A set of phone numbers: E.164 ones in an open-addressed table of doubles (8 bytes a slot,
 * at most half full; 0, which no E.164 number is, marks a free slot), any other form (rare)
 * in a Set.
 */
export class PhoneSet {
  private slots: Float64Array;
  private readonly others = new Set<string>();
  private numbers = 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
  }

  get size(): number {
    return this.numbers + this.others.size;
  }

  /** Adds the number; false when it was in the set already. */
  add(phone: string, digits = e164Digits(phone)): boolean {
    if (Number.isNaN(digits)) {
      if (this.others.has(phone)) return false;
      this.others.add(phone);
      return true;
    }
    if ((this.numbers + 1) * 2 > this.slots.length) this.grow();
    if (!this.place(this.slots, digits)) return false;
    this.numbers += 1;
    return true;
  }

  has(phone: string, digits = e164Digits(phone)): boolean {
    if (Number.isNaN(digits)) return this.others.has(phone);
    const mask = this.slots.length - 1;
    for (let slot = slotHash(digits) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === digits) return true;
      if (held === 0) return false;
    }
  }

  /** Puts digits in the first free slot of their run; false when they are there already. */
  private place(slots: Float64Array, digits: number): boolean {
    const mask = slots.length - 1;
    for (let slot = slotHash(digits) & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held === digits) return false;
      if (held === 0) {
        slots[slot] = digits;
        return true;
      }
    }
  }

  private grow(): void {
    const larger = new Float64Array(this.slots.length * 2);
    for (const digits of this.slots) if (digits !== 0) this.place(larger, digits);
    this.slots = larger;
  }
}

/**
 * Where each number of an import appears for the last time, without a map entry per row:
 * the numbers seen go into a PhoneSet, and only a number seen twice or more (few, in real
 * files) gets an entry with its latest row. A row is applied when it is its number's last.
 */
export class LastRowOfEachPhone {
  private seen: PhoneSet | null;
  private readonly lastOfRepeated = new Map<number | string, number>();
  private distinctPhones = 0;

  constructor(expectedRows: number) {
    this.seen = new PhoneSet(expectedRows);
  }

  /** Row `position` (counted from 0 across the whole import, in order) holds `phone`. */
  note(phone: string, position: number): void {
    if (!this.seen) throw new Error('Every row has been noted already.');
    const digits = e164Digits(phone);
    if (!this.seen.add(phone, digits)) this.lastOfRepeated.set(Number.isNaN(digits) ? phone : digits, position);
  }

  /** Every row is noted: the numbers seen are no longer needed, only their count. */
  finish(): void {
    this.distinctPhones = this.seen?.size ?? this.distinctPhones;
    this.seen = null;
  }

  get distinct(): number {
    return this.seen?.size ?? this.distinctPhones;
  }

  isLast(phone: string, position: number): boolean {
    const digits = e164Digits(phone);
    return (this.lastOfRepeated.get(Number.isNaN(digits) ? phone : digits) ?? position) === position;
  }
}
