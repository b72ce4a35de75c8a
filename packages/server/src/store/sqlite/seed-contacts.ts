import { newId } from '../ids.js';
import { nameKey } from './contacts-store.js';
import { indexForSearch, lastContactRowid, type SqliteDatabase } from './open-database.js';

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Katherine', 'Margaret', 'Linus', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Tim', 'Hedy', 'John', 'Mary', 'Sofia', 'Mateo', 'Aisha', 'Wei', 'Priya', 'Olga', 'Kwame', 'Lucía', 'Yuki', 'Omar', 'Chloé', 'Noah', 'Emma', 'Liam', 'Zoë', 'Ines', 'Tomás', 'Anya', 'Kofi', 'Leila', 'Mihai', 'Nora', 'Pablo', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wanda', 'Xavier', 'Yara', 'Zane', 'Björn', 'Carmen', 'Dmitri'];
// Surnames from parts: about 1,600 of them, so a surname matches a few hundred contacts in a
// million, as in a real address book (not a thirtieth of them).
const SURNAME_STARTS = ['Ander', 'Berg', 'Carl', 'Dal', 'Eck', 'Fair', 'Gold', 'Hart', 'Iver', 'Jans', 'Kirk', 'Lind', 'Mar', 'Nor', 'Ost', 'Pem', 'Quin', 'Ros', 'Sand', 'Thorn', 'Ulm', 'Vance', 'Wester', 'York', 'Zell', 'Ash', 'Brook', 'Cole', 'Dun', 'Ell', 'Fitz', 'Gal', 'Holm', 'Ing', 'Kav', 'Lor', 'Mel', 'Nash', 'Orm', 'Pres'];
const SURNAME_ENDS = ['son', 'berg', 'ton', 'ley', 'wood', 'field', 'man', 'sen', 'ford', 'well', 'ridge', 'by', 'stone', 'worth', 'dale', 'mont', 'ini', 'ez', 'ova', 'ski', 'ström', 'ard', 'ing', 'ham', 'wick', 'er', 'ani', 'elli', 'ovic', 'oglu', 'ata', 'aki', 'quist', 'land', 'hurst', 'more', 'croft', 'stad', 'vik', 'ow'];
/** US area codes whose numbers libphonenumber accepts, so seeded phones are real E.164. */
const AREA_CODES = [201, 212, 305, 312, 415, 503, 617, 702, 713, 917];

const PHONE_SPACE = AREA_CODES.length * 800 * 10_000;

/**
 * The i-th of 80 million distinct valid US numbers. The index goes through a bijective
 * shuffle of the whole space (a multiplier prime to it), so neighbours look like real
 * numbers ((415) 738-2961, (702) 455-0316) rather than counting up from (201) 200-0000.
 */
export function seededPhone(index: number): string {
  // A multiplier near a fifth of the space, so even the first few contacts spread over it.
  const n = Number((BigInt(index % PHONE_SPACE) * 16_777_259n + 2_961n) % BigInt(PHONE_SPACE));
  // The area code comes from n's high part: taken from its last digit, it followed the index's
  // last digit, and so the first name (every "Ada" was on 212), which no address book does.
  const area = AREA_CODES[Math.floor(n / (800 * 10_000))];
  const exchange = 200 + (Math.floor(n / 10_000) % 800);
  const line = ((n % 10_000) * 7_919 + 2_961) % 10_000;
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** The i-th seeded contact: varied names, a valid US number, an email on most. */
export function seededContact(i: number): { fullName: string; phone: string; email: string | null } {
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const surname = Math.floor(i / FIRST_NAMES.length) * 7919;
  const last = `${SURNAME_STARTS[surname % SURNAME_STARTS.length]}${SURNAME_ENDS[Math.floor(surname / SURNAME_STARTS.length) % SURNAME_ENDS.length]}`;
  const email = i % 5 === 4 ? null : `${first}.${last}.${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
  return { fullName: `${first} ${last}`, phone: seededPhone(i), email };
}

export interface SeedContactsOptions {
  /** Lists to spread contacts over (each contact joins at most one). */
  listIds?: readonly string[];
  /** Every n-th contact is opted out; 0 for none. */
  optOutEvery?: number;
  /** Index of the first contact, so repeated seeding does not collide. */
  startIndex?: number;
}

/**
 * Bulk-inserts realistic contacts straight into the store (demo data, benchmarks): varied
 * names, valid US numbers, emails on most, a few opted out. Not through HTTP: a million
 * contacts take seconds this way.
 */
export function seedContacts(db: SqliteDatabase, accountId: string, count: number, options: SeedContactsOptions = {}): number {
  const listIds = options.listIds ?? [];
  const optOutEvery = options.optOutEvery ?? 0;
  const start = options.startIndex ?? 0;
  const account = db.prepare<[string], { rid: number }>(`SELECT rid FROM accounts WHERE id = ?`).get(accountId)?.rid;
  if (account === undefined) throw new Error(`No account ${accountId} to seed.`);
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, account_rid, full_name, name_key, phone, email, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const listRids = listIds.map((listId) => {
    const rid = db.prepare<[string], { rid: number }>(`SELECT rid FROM lists WHERE id = ?`).get(listId)?.rid;
    if (rid === undefined) throw new Error(`No list ${listId} to seed.`);
    return rid;
  });
  const addToList = db.prepare(`INSERT INTO contact_lists (contact_rid, list_rid) VALUES (?, ?)`);
  const recordChange = db.prepare(`INSERT OR REPLACE INTO changes (account_rid, seq, contact_id, op, at) VALUES (?, ?, ?, 'upsert', ?)`);
  const takeSeqs = db.prepare<[number, number], { change_seq: number }>(`UPDATE accounts SET change_seq = change_seq + ? WHERE rid = ? RETURNING change_seq`);
  const optOut = db.prepare(`INSERT OR IGNORE INTO opt_outs (account_rid, phone, at, source, keyword) VALUES (?, ?, ?, 'keyword', 'STOP')`);
  const batchSize = 20_000;
  const rowidBefore = lastContactRowid(db);
  for (let from = start; from < start + count; from += batchSize) {
    db.transaction(() => {
      const batchEnd = Math.min(from + batchSize, start + count);
      // The batch's feed seqs, taken at once from the account's counter.
      let seq = takeSeqs.get(batchEnd - from, account)!.change_seq - (batchEnd - from);
      const nowMs = Date.now();
      const now = new Date(nowMs).toISOString();
      for (let i = from; i < Math.min(from + batchSize, start + count); i++) {
        const { fullName, phone, email } = seededContact(i);
        const id = newId('ct', nowMs);
        const rid = insertContact.run(id, account, fullName, nameKey(fullName), phone, email, now, now).lastInsertRowid;
        if (listRids.length > 0 && i % 3 !== 0) addToList.run(rid, listRids[i % listRids.length]);
        recordChange.run(account, ++seq, id, nowMs);
        if (optOutEvery > 0 && i % optOutEvery === optOutEvery - 1) optOut.run(account, phone, now);
      }
    })();
  }
  indexForSearch(db, account, rowidBefore);
  db.prepare(`UPDATE accounts SET contact_count = contact_count + ? WHERE rid = ?`).run(count, account);
  return count;
}
