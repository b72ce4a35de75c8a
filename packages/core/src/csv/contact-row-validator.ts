// The validation stage, once per record: required fields, E.164 phone with the default country,
// email syntax, duplicates in the file, stray cells. Problems go to the ProblemLog.
import * as z from 'zod/mini';
import { newPickedValue, type ContactRowMapper } from './contact-row-mapper.js';
import type { ColumnMapping } from './column-mapping.js';
import { cut, type ProblemLog } from './problem-log.js';
import { PhoneIndex } from './phone-index.js';
import type { PhoneNormalizer } from '../phone/fast-phone-normalizer.js';
import type { CsvDelimiter, CsvStructureProblem } from './read-csv-rows.js';
import type { SourceFormat } from './readers/record-stream.js';

const MAX_NAME_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
const EMAIL = z.regexes.email;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** What a record turned out to be. */
export type RecordVerdict = 'blank' | 'invalid' | 'valid';

export interface ContactRowValidatorSetup {
  mapper: ContactRowMapper;
  mapping: ColumnMapping;
  expectedWidth: number;
  /** The first line was left in as data although it looks like a header. */
  headerLeftIn: boolean;
  format: SourceFormat;
  delimiter: CsvDelimiter;
  normalize: PhoneNormalizer;
  /** Expected number of records (sizes the duplicate index up front). */
  expectedRows: number;
}

/** The digits of an E.164 number as a number (exact: at most 15 digits). */
function phoneKey(e164: string): number {
  let key = 0;
  for (let index = 1; index < e164.length; index++) key = key * 10 + e164.charCodeAt(index) - 48;
  return key;
}

/**
 * Checks records one at a time. After a `valid` verdict, `fullName`, `phone` and `email` hold
 * the contact (fields, not a new object per record: a million records make no garbage here).
 */
export class ContactRowValidator {
  fullName = '';
  phone = '';
  email: string | null = null;

  private readonly mapper: ContactRowMapper;
  private readonly nameIndex: number | undefined;
  private readonly phoneIndex: number | undefined;
  private readonly firstLineOfPhone: PhoneIndex;
  private readonly phonePick = newPickedValue();
  private readonly emailPick = newPickedValue();
  private e164: string | null = null;
  // The valid records whose duplicate check waits for finishBatch: number, line, where their
  // warning would stand in the problem log, and the record.
  private pendingKeys = new Float64Array(4096);
  private pendingLines = new Int32Array(4096);
  private pendingPositions = new Int32Array(4096);
  private readonly pendingRows: (readonly string[])[] = [];
  private pendingCount = 0;
  private readonly usablePhone = (value: string): boolean =>
    (this.e164 = this.setup.normalize.e164(value)) !== null;
  private readonly usableEmail = (value: string): boolean =>
    value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);

  constructor(
    private readonly setup: ContactRowValidatorSetup,
    private readonly log: ProblemLog,
  ) {
    this.mapper = setup.mapper;
    const { mapping } = setup;
    this.nameIndex = mapping.fullName ?? mapping.firstName ?? mapping.lastName;
    this.phoneIndex = mapping.phone;
    // Two slots per expected row, a power of two, so the index rarely grows.
    this.firstLineOfPhone = new PhoneIndex(2 ** Math.round(Math.log2(setup.expectedRows * 2)));
  }

  /** Quote problems the reader found in the file's structure. */
  structureProblems(problems: readonly CsvStructureProblem[]): void {
    for (const problem of problems) {
      this.log.add(problem.line, null, null, '', problem.code, 'error', () =>
        problem.code === 'unclosed_quote'
          ? 'A quote (") opened on this line is never closed, so the rest of the file was read as one cell. Close the quote or remove it.'
          : 'A quote (") in this row is misplaced: a quoted cell must end with a quote right before the separator. The row may be split wrongly.',
      );
    }
  }

  /** Checks one record; `mayHoldControlCharacters` false skips the control-character scan. */
  check(row: string[], line: number, mayHoldControlCharacters: boolean): RecordVerdict {
    const { log, mapper, setup } = this;
    const { counts } = log;
    // Blank lines (and rows of empty cells, as spreadsheets leave them) are not contacts.
    if (
      row.length === 1 ? row[0]!.trim() === '' : isBlankRow(row, this.nameIndex, this.phoneIndex)
    ) {
      counts.blankLines++;
      return 'blank';
    }
    counts.rows++;
    const errorsBefore = counts.errors;

    if (line === 1 && setup.headerLeftIn) {
      log.add(
        line,
        null,
        null,
        row.join(', '),
        'header_row',
        'error',
        () =>
          'This first line looks like a header (column names), not a contact. Tick "Skip first line".',
      );
      counts.invalid++;
      return 'invalid';
    }

    if (row.length > setup.expectedWidth) this.checkExtraCells(row, line);

    const fullName = mapper.name(row);
    this.checkName(fullName, line, mayHoldControlCharacters);

    this.e164 = null;
    const phonePick = this.phonePick;
    const hasPhone = mapper.phone(row, this.usablePhone, phonePick);
    const rawPhone = hasPhone ? phonePick.value : phonePick.seenValue;
    const phoneColumn = hasPhone ? phonePick.column : phonePick.seenColumn;
    const phone = hasPhone ? this.e164 : null;
    if (!hasPhone) this.phoneProblem(rawPhone, phoneColumn, line);

    let email: string | null = null;
    if (mapper.emailColumns.length > 0) {
      const emailPick = this.emailPick;
      if (mapper.email(row, this.usableEmail, emailPick)) email = emailPick.value.toLowerCase();
      else if (emailPick.seenValue !== '') {
        const value = emailPick.seenValue;
        log.add(
          line,
          emailPick.seenColumn,
          'email',
          value,
          'invalid_email',
          'error',
          () =>
            `"${cut(value)}" is not a valid email address (like name@example.com). Fix it or leave the cell empty.`,
        );
      }
    }

    if (counts.errors !== errorsBefore) {
      counts.invalid++;
      return 'invalid';
    }
    counts.valid++;
    this.deferDuplicateCheck(phoneKey(phone!), line, row);
    this.fullName = fullName;
    this.phone = phone!;
    this.email = email;
    return 'valid';
  }

  /**
   * Runs the duplicate checks of the records checked since the last call, in file order, and
   * logs each duplicate where it belongs among their other problems. Call after each batch.
   *
   * Why deferred: the index of numbers outgrows the CPU's caches, so each lookup is a miss, and
   * a miss between two records' checks stalls alone. Looked up together, in one tight loop,
   * the misses overlap: the duplicate check costs about a third as much.
   */
  finishBatch(): void {
    const count = this.pendingCount;
    if (count === 0) return;
    this.pendingCount = 0;
    const { pendingKeys, pendingLines, pendingPositions, pendingRows } = this;
    const index = this.firstLineOfPhone;
    index.warm(pendingKeys, count);
    let found = 0;
    for (let pending = 0; pending < count; pending++) {
      const line = pendingLines[pending]!;
      const earlier = index.firstLineOr(pendingKeys[pending]!, line);
      if (earlier === 0) continue;
      // Where the warning stands in the file's order of problems: after the problems logged
      // before this record, and the duplicates found before it in this batch.
      this.logDuplicate(pendingRows[pending]!, line, earlier, pendingPositions[pending]! + found);
      found++;
    }
    pendingRows.length = 0;
  }

  /** Queues a valid record's number for finishBatch. */
  private deferDuplicateCheck(key: number, line: number, row: readonly string[]): void {
    const pending = this.pendingCount++;
    if (pending === this.pendingKeys.length) {
      this.pendingKeys = doubled(this.pendingKeys, new Float64Array(pending * 2));
      this.pendingLines = doubled(this.pendingLines, new Int32Array(pending * 2));
      this.pendingPositions = doubled(this.pendingPositions, new Int32Array(pending * 2));
    }
    this.pendingKeys[pending] = key;
    this.pendingLines[pending] = line;
    this.pendingPositions[pending] = this.log.problems.length;
    this.pendingRows[pending] = row;
  }

  private logDuplicate(
    row: readonly string[],
    line: number,
    earlier: number,
    position: number,
  ): void {
    this.log.counts.duplicates++;
    // The record's number again (only for duplicates, which are few): the same pick as check's.
    this.e164 = null;
    const phonePick = this.phonePick;
    this.mapper.phone(row, this.usablePhone, phonePick);
    const phone = this.e164;
    const format = this.setup.format;
    this.log.insert(
      position,
      line,
      phonePick.column,
      'phone',
      phonePick.value,
      'duplicate_phone',
      'warning',
      () =>
        `Same phone (${phone}) as ${lineWord(format)} ${earlier}. Only one contact is kept per phone: this later one wins.`,
    );
  }

  /** The "Opted Out" column of a record says yes. */
  optedOut(row: readonly string[]): boolean {
    return this.mapper.optedOut(row);
  }

  private checkExtraCells(row: string[], line: number): void {
    const { expectedWidth, delimiter } = this.setup;
    let extra = false;
    for (let cellIndex = expectedWidth; cellIndex < row.length; cellIndex++)
      if (row[cellIndex]!.trim() !== '') extra = true;
    if (!extra) return;
    this.log.add(
      line,
      null,
      null,
      row.slice(0, 50).join(delimiterLabel(delimiter)),
      'extra_cells',
      'error',
      () =>
        `This row has ${row.length} cells where ${expectedWidth} are expected. A name or value holding a "${delimiterName(delimiter)}" must be in quotes.`,
    );
  }

  private checkName(fullName: string, line: number, mayHoldControlCharacters: boolean): void {
    const nameColumn = this.mapper.nameColumn();
    if (fullName === '') {
      this.log.add(
        line,
        nameColumn,
        this.setup.mapping.fullName !== undefined ? 'fullName' : 'firstName',
        '',
        'missing_name',
        'error',
        () => 'The name is empty. Every contact needs a name.',
      );
    } else if (fullName.length > MAX_NAME_LENGTH) {
      this.log.add(
        line,
        nameColumn,
        'fullName',
        fullName,
        'name_too_long',
        'error',
        () => `The name has ${fullName.length} characters; at most ${MAX_NAME_LENGTH} are allowed.`,
      );
    } else if (mayHoldControlCharacters && CONTROL_CHARACTERS.test(fullName)) {
      this.log.add(
        line,
        nameColumn,
        'fullName',
        fullName,
        'control_characters',
        'error',
        () => 'The name holds invisible control characters (such as NUL). Retype it.',
      );
    }
  }

  private phoneProblem(rawPhone: string, phoneColumn: number, line: number): void {
    if (rawPhone === '') {
      this.log.add(
        line,
        phoneColumn,
        'phone',
        '',
        'missing_phone',
        'error',
        () => 'The phone number is empty. Every contact needs one.',
      );
      return;
    }
    const { normalize } = this.setup;
    this.log.add(line, phoneColumn, 'phone', rawPhone, 'invalid_phone', 'error', () => {
      const normalized = normalize(rawPhone);
      const reason = normalized.ok ? 'Not a valid phone number' : normalized.message;
      return `${reason}.`.replace(/\.\.$/, '.');
    });
  }
}

/** What a report's `line` counts, in words. */
export function lineWord(format: SourceFormat): string {
  return format === 'vcard' ? 'card' : format === 'xlsx' ? 'row' : 'line';
}

/** Cheap first: a row whose name and phone cells hold text is not blank. */
function isBlankRow(
  row: string[],
  nameIndex: number | undefined,
  phoneIndex: number | undefined,
): boolean {
  if (
    phoneIndex !== undefined &&
    (row[phoneIndex] ?? '').length > 0 &&
    row[phoneIndex]!.trim() !== ''
  )
    return false;
  if (nameIndex !== undefined && (row[nameIndex] ?? '').length > 0 && row[nameIndex]!.trim() !== '')
    return false;
  return row.every((value) => value.trim() === '');
}

function delimiterName(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

function delimiterLabel(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? ' ⇥ ' : `${delimiter} `;
}

/** `larger` holding `array`'s values first: a pending queue grown past its length. */
function doubled<T extends Float64Array | Int32Array>(array: T, larger: T): T {
  larger.set(array);
  return larger;
}
