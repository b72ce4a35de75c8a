// The phone numbers an import commit asks about once per row, held compactly: a commit of a
// million rows must stay within the server's memory bar (quality.md), and a Map of a million
// entries costs several times the numbers themselves.

/** An E.164 number's digits as a number (exact: 15 digits fit a double), or NaN for any other form. */
export const e164Digits = (phone: string): number => (/^\+[1-9]\d{0,14}$/.test(phone) ? Number(phone.slice(1)) : NaN);

/**
 * A set of phone numbers a commit asks about once per row. E.164 numbers sit sorted in one
 * typed array (8 bytes each, searched by halving); any other form, rare, in a Set.
 */
export class PhoneSet {
  private constructor(
    private readonly sorted: Float64Array,
    private readonly others: ReadonlySet<string>,
  ) {}

  static of(phones: Iterable<string>, sizeHint: number): PhoneSet {
    let numbers = new Float64Array(Math.max(sizeHint, 16));
    let count = 0;
    const others = new Set<string>();
    for (const phone of phones) {
      const digits = e164Digits(phone);
      if (Number.isNaN(digits)) {
        others.add(phone);
        continue;
      }
      if (count === numbers.length) {
        const grown = new Float64Array(numbers.length * 2);
        grown.set(numbers);
        numbers = grown;
      }
      numbers[count++] = digits;
    }
    return new PhoneSet(numbers.slice(0, count).sort(), others);
  }

  has(phone: string): boolean {
    const digits = e164Digits(phone);
    if (Number.isNaN(digits)) return this.others.has(phone);
    let low = 0;
    let high = this.sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.sorted[middle]!;
      if (value === digits) return true;
      if (value < digits) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/**
 * Where each number of an import appears for the last time, without a map of every row: the
 * numbers, one per row, sort in a typed array; only the numbers found twice or more (few, in
 * real files) get a map entry. A row is applied when it is its number's last.
 */
export class LastRowOfEachPhone {
  private readonly lastOfRepeated = new Map<number, number>();
  readonly distinct: number;

  /**
   * @param rowPhones each row's number (e164Digits), NaN for another form;
   * @param lastOfOther the last row of each number of another form.
   */
  constructor(
    rowPhones: Float64Array,
    private readonly lastOfOther: ReadonlyMap<string, number>,
  ) {
    // NaN (a number of another form, counted in lastOfOther) sorts last.
    const sorted = rowPhones.slice().sort();
    let distinct = lastOfOther.size;
    const repeated = new Set<number>();
    for (let i = 0; i < sorted.length && !Number.isNaN(sorted[i]!); i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
      else distinct += 1;
    }
    this.distinct = distinct;
    if (repeated.size > 0) for (let position = 0; position < rowPhones.length; position++) if (repeated.has(rowPhones[position]!)) this.lastOfRepeated.set(rowPhones[position]!, position);
  }

  isLast(phone: string, position: number): boolean {
    const digits = e164Digits(phone);
    if (Number.isNaN(digits)) return this.lastOfOther.get(phone) === position;
    return (this.lastOfRepeated.get(digits) ?? position) === position;
  }
}
