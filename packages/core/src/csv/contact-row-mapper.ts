import {
  fallbackEmailColumns,
  fallbackPhoneColumns,
  isMobileHeader,
  phoneTypeColumns,
  type ColumnMapping,
} from './column-mapping.js';
import { unescapeFormulaCell } from './formula-escape.js';

/** Google's several values in one cell: `a ::: b`. */
const MULTI_VALUE = ':::';
const MOBILE_TYPE = /mobile|cell|iphone|handy|portable|m[oó]vil|celular|cellulare|telem[oó]vel/i;
/** What our own export writes in "Opted Out" for an opted-out number (and what people type). */
const OPTED_OUT = /^(yes|true|1|x|y)$/i;

/** A mapped cell, formula escape removed, trimmed; '' when the column is not mapped or missing. */
export function cellAt(row: readonly string[], index: number | undefined): string {
  if (index === undefined) return '';
  const value = row[index];
  if (value === undefined || value === '') return '';
  return (value.charCodeAt(0) === 39 ? unescapeFormulaCell(value) : value).trim();
}

/**
 * Where a pick left its answer (reused for every row, so a million rows make no garbage):
 * the value taken and its column, and the first non-empty value seen, which is what a problem
 * shows when no value was usable.
 */
export interface PickedValue {
  value: string;
  column: number;
  seenValue: string;
  seenColumn: number;
}

/**
 * The mapping stage applied to one record: which cells make the name, which of several phone
 * and email candidates is used, and whether the row says the number is opted out. Built once
 * per file; the common case (one column per field) takes the short path.
 */
export class ContactRowMapper {
  readonly phoneColumns: number[];
  readonly emailColumns: number[];
  private readonly mobileColumns: Set<number>;
  private readonly typeColumns: Map<number, number>;
  private readonly rankByKind: boolean;

  constructor(
    readonly mapping: ColumnMapping,
    headers: readonly string[] | null,
    /** False when the user chose the phone (or email) column: then only that column is read. */
    fallbacks: { phone: boolean; email: boolean },
  ) {
    const phone = mapping.phone!;
    this.phoneColumns = [
      phone,
      ...(headers && fallbacks.phone ? fallbackPhoneColumns(headers, phone) : []),
    ];
    const email = mapping.email;
    this.emailColumns =
      email === undefined
        ? []
        : [email, ...(headers && fallbacks.email ? fallbackEmailColumns(headers, email) : [])];
    this.mobileColumns = new Set(
      headers ? this.phoneColumns.filter((index) => isMobileHeader(headers[index] ?? '')) : [],
    );
    this.typeColumns = headers && fallbacks.phone ? phoneTypeColumns(headers) : new Map();
    this.rankByKind =
      this.phoneColumns.length > 1 && (this.mobileColumns.size > 0 || this.typeColumns.size > 0);
  }

  /** The full name, or first, middle and last joined when the full name is empty. */
  name(row: readonly string[]): string {
    const { fullName, firstName, middleName, lastName } = this.mapping;
    if (fullName !== undefined) {
      const name = cellAt(row, fullName);
      if (name !== '' || (firstName === undefined && lastName === undefined)) return name;
    }
    const first = cellAt(row, firstName);
    const middle = cellAt(row, middleName);
    const last = cellAt(row, lastName);
    if (middle === '') return first === '' ? last : last === '' ? first : `${first} ${last}`;
    return [first, middle, last].filter((part) => part !== '').join(' ');
  }

  /** The column a name problem points at. */
  nameColumn(): number | null {
    const { fullName, firstName, lastName } = this.mapping;
    return fullName ?? firstName ?? lastName ?? null;
  }

  /**
   * The phone to use: mobile numbers first (by header, or by Google's "Phone N - Type"), then
   * the mapped column, then any other; within a cell, the first usable of `a ::: b`.
   */
  phone(row: readonly string[], usable: (value: string) => boolean, into: PickedValue): boolean {
    if (!this.rankByKind) return pick(row, this.phoneColumns, usable, null, into);
    const isMobile = (column: number): boolean => {
      if (this.mobileColumns.has(column)) return true;
      const typeColumn = this.typeColumns.get(column);
      return typeColumn !== undefined && MOBILE_TYPE.test(row[typeColumn] ?? '');
    };
    return (
      pick(row, this.phoneColumns, usable, isMobile, into) ||
      pick(row, this.phoneColumns, usable, null, into)
    );
  }

  /** The first usable email among the email columns and their `a ::: b` values. */
  email(row: readonly string[], usable: (value: string) => boolean, into: PickedValue): boolean {
    return pick(row, this.emailColumns, usable, null, into);
  }

  /** The "Opted Out" column says yes (`yes`, `true`, `1`, `x`). */
  optedOut(row: readonly string[]): boolean {
    const index = this.mapping.optedOut;
    return index !== undefined && OPTED_OUT.test(cellAt(row, index));
  }
}

/** Takes the first usable value of the columns (of those `eligible`, when given), in order. */
function pick(
  row: readonly string[],
  columns: readonly number[],
  usable: (value: string) => boolean,
  eligible: ((column: number) => boolean) | null,
  into: PickedValue,
): boolean {
  return columns.length === 1 && eligible === null
    ? pickFromOne(row, columns[0]!, usable, into)
    : pickAmong(row, columns, usable, eligible, into);
}

function pickAmong(
  row: readonly string[],
  columns: readonly number[],
  usable: (value: string) => boolean,
  eligible: ((column: number) => boolean) | null,
  into: PickedValue,
): boolean {
  into.value = '';
  into.column = columns[0] ?? -1;
  into.seenValue = '';
  into.seenColumn = into.column;
  let seen = false;
  for (const column of columns) {
    const text = cellAt(row, column);
    if (text === '' || (eligible !== null && !eligible(column))) continue;
    if (text.indexOf(MULTI_VALUE) === -1) {
      if (!seen) {
        seen = true;
        into.seenValue = text;
        into.seenColumn = column;
      }
      if (usable(text)) {
        into.value = text;
        into.column = column;
        return true;
      }
      continue;
    }
    for (const part of text.split(MULTI_VALUE)) {
      const value = part.trim();
      if (value === '') continue;
      if (!seen) {
        seen = true;
        into.seenValue = value;
        into.seenColumn = column;
      }
      if (usable(value)) {
        into.value = value;
        into.column = column;
        return true;
      }
    }
  }
  return false;
}

/** pick for the common case, one column and no ranking: no loop, no closure calls. */
function pickFromOne(
  row: readonly string[],
  column: number,
  usable: (value: string) => boolean,
  into: PickedValue,
): boolean {
  const text = cellAt(row, column);
  if (text !== '' && text.indexOf(MULTI_VALUE) !== -1)
    return pickAmong(row, [column], usable, null, into); // `a ::: b`: the general path
  into.value = '';
  into.column = column;
  into.seenValue = text;
  into.seenColumn = column;
  if (text === '' || !usable(text)) return false;
  into.value = text;
  return true;
}

/** A fresh answer slot for ContactRowMapper's picks. */
export function newPickedValue(): PickedValue {
  return { value: '', column: -1, seenValue: '', seenColumn: -1 };
}
