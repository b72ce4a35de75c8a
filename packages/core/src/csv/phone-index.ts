/**
 * Remembers, for each E.164 number seen, the line it was first seen on: an open-addressing
 * hash table on typed arrays. A Map of a million numbers costs ~80 MB and much GC time; this
 * costs 12 bytes a slot (24 MB for a million numbers) and no garbage.
 */
export class PhoneIndex {
  private keys: Float64Array;
  private lines: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    this.keys = new Float64Array(initialCapacity);
    this.lines = new Int32Array(initialCapacity);
    this.mask = initialCapacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Records `line` for `phone` (the E.164 digits as a number) unless present; returns the earlier line, or 0. */
  firstLineOr(phone: number, line: number): number {
    let slot = this.slotOf(phone);
    for (;;) {
      const key = this.keys[slot]!;
      if (key === 0) break;
      if (key === phone) return this.lines[slot]!;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = phone;
    this.lines[slot] = line;
    if (++this.count * 2 > this.keys.length) this.grow();
    return 0;
  }

  /**
   * Reads the first slot of each of `count` numbers, in a loop with nothing else in it, so their
   * cache misses overlap; firstLineOr on them then finds the slots in the cache.
   */
  warm(phones: Float64Array, count: number): number {
    const keys = this.keys;
    let sum = 0;
    for (let index = 0; index < count; index++) sum += keys[this.slotOf(phones[index]!)]!;
    return sum;
  }

  private slotOf(phone: number): number {
    // Mixes the low and high halves of the number (up to 15 digits, exact in a double).
    const low = phone >>> 0; // ToUint32: the low 32 bits of an integer
    const high = (phone / 0x100000000) >>> 0;
    return (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) >>> 0) & this.mask;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldLines = this.lines;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.lines = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let index = 0; index < oldKeys.length; index++) {
      const key = oldKeys[index]!;
      if (key === 0) continue;
      let slot = this.slotOf(key);
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.lines[slot] = oldLines[index]!;
    }
  }
}
