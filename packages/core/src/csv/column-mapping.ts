/** The contact fields a CSV column can feed. */
export const CONTACT_FIELDS = [
  'fullName',
  'firstName',
  'middleName',
  'lastName',
  'phone',
  'email',
  'optedOut',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** A column by 0-based index, or by its header text (matched ignoring case, spaces and punctuation). */
export type ColumnRef = number | string;

/** Which column feeds which field; `null` says "not from any column". */
export type ColumnMappingInput = Partial<Record<ContactField, ColumnRef | null>>;

/** A mapping resolved to 0-based column indexes. */
export type ColumnMapping = Partial<Record<ContactField, number>>;

export const FIELD_LABELS: Record<ContactField, string> = {
  fullName: 'Full Name',
  firstName: 'First Name',
  middleName: 'Middle Name',
  lastName: 'Last Name',
  phone: 'Phone',
  email: 'Email',
  optedOut: 'Opted Out',
};

/** "E-mail 1 - Value" → "email1value". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

// Mobile numbers first: for an SMS product the mobile number is the one that matters.
const MOBILE_PHONE_HEADERS = [
  'mobile',
  'mobilephone',
  'mobilenumber',
  'cell',
  'cellphone',
  'cellnumber',
  'iphone',
  'phonemobile',
  'telmobile',
  'telcell',
  'mobilephone1',
  'mobiltelefon', // Outlook de
  'mobiltelefon2',
  'handy',
  'telephonemobile', // Outlook fr: "Tél. mobile" (older: "Téléphone mobile")
  'portable',
  'telephoneportable',
  'movil', // Outlook es: "Móvil"
  'telefonomovil',
  'celular',
  'telefonecelular', // Outlook pt-BR
  'telemovel', // Outlook pt-PT
  'cellulare', // Outlook it
];

// Header names by field, best first, as normalizeHeader writes them. Covers hand-made files,
// Outlook in English, French, German, Spanish, Portuguese and Italian, Google Contacts (old
// and new), Thunderbird, and the iPhone/Android vCard-to-CSV tools.
const HEADER_ALIASES: Record<ContactField, readonly string[]> = {
  fullName: [
    'fullname',
    'name',
    'displayname',
    'contactname',
    'contact',
    'formattedname',
    'fn',
    'nomcomplet',
    'nombrecompleto',
    'nomecompleto',
    'vollstandigername',
    'anzeigename',
  ],
  firstName: [
    'firstname',
    'givenname',
    'first',
    'forename',
    'prenom',
    'vorname',
    'nomeproprio',
    'primeironome',
  ],
  middleName: [
    'middlename',
    'additionalname',
    'middle',
    'deuxiemeprenom',
    'weiterevornamen',
    'segundonombre',
    'segundonome',
    'secondonome',
  ],
  lastName: [
    'lastname',
    'familyname',
    'surname',
    'last',
    'nachname',
    'apellidos',
    'apellido',
    'sobrenome',
    'apelido',
    'apelidos',
    'cognome',
  ],
  phone: [
    ...MOBILE_PHONE_HEADERS,
    'phone',
    'phonenumber',
    'tel',
    'telephone',
    'telephonenumber',
    'msisdn',
    'number',
    'whatsapp',
    'phone1value',
    'primaryphone',
    'phone1',
    'telephone1',
    'telephoneprincipal',
    'haupttelefon',
    'telefonoprincipal',
    'telefoneprincipal',
    'telefonoprincipale',
    'telefono',
    'telefon',
    'telefone',
    'phone2value',
    'phone3value',
    'phone4value',
    'homephone',
    'phonehome',
    'telephonedomicile',
    'telefonprivat',
    'particular',
    'telefonoparticular',
    'telefoneresidencial',
    'abitazione',
    'businessphone',
    'workphone',
    'phonework',
    'telephonebureau',
    'telefongeschaftlich',
    'telefonodeltrabajo',
    'telefonecomercial',
    'ufficio',
    'otherphone',
    'telephoneautre',
    'weiterestelefon',
    'otrotelefono',
    'outrotelefone',
    'altrotelefono',
    'homephone2',
    'telephone2domicile',
    'telefonprivat2',
    'telefonoparticular2',
    'telefoneresidencial2',
    'abitazione2',
    'businessphone2',
    'telephone2bureau',
    'telefongeschaftlich2',
    'telefonodeltrabajo2',
    'telefonecomercial2',
    'ufficio2',
    'companymainphone',
    'telephonesociete',
    'telefonfirma',
    'carphone',
    'telephonevoiture',
    'autotelefon',
    'telefonodelautomovil',
    'telefonedocarro',
    'telefonoauto',
  ],
  email: [
    'email',
    'emailaddress',
    'mail',
    'email1value',
    'email1',
    'emailhome',
    'emailwork',
    'emailinternet',
    'internetemail',
    'primaryemail',
    'courriel',
    'correo',
    'adressedemessagerie', // Outlook fr
    'emailadresse', // Outlook de
    'direcciondecorreoelectronico', // Outlook es
    'correoelectronico',
    'enderecodeemail', // Outlook pt-BR
    'enderecodecorreioeletronico', // Outlook pt-PT
    'indirizzopostaelettronica', // Outlook it
    'email2value',
    'email3value',
    'email2address',
    'email3address',
    'secondaryemail',
    'adressedemessagerie2',
    'adressedemessagerie3',
    'email2adresse',
    'email3adresse',
    'direcciondecorreoelectronico2',
    'direcciondecorreoelectronico3',
    'enderecodeemail2',
    'enderecodeemail3',
    'enderecodecorreioeletronico2',
    'indirizzopostaelettronica2',
    'indirizzopostaelettronica3',
  ],
  optedOut: ['optedout', 'optout', 'optedoutofsms', 'smsoptout', 'unsubscribed'],
};

/**
 * Words whose meaning depends on the other columns: Outlook fr's "Nom" is the last name beside
 * "Prénom"; Outlook es's "Nombre" and pt/it's "Nome" are the first name beside a last name.
 * Alone, each is the full name.
 */
const NAME_BESIDE: Record<string, { beside: ContactField; field: ContactField }> = {
  nom: { beside: 'firstName', field: 'lastName' },
  nombre: { beside: 'lastName', field: 'firstName' },
  nome: { beside: 'lastName', field: 'firstName' },
};

const ALIAS_RANK = new Map<string, { field: ContactField; rank: number }>();
for (const field of CONTACT_FIELDS) {
  HEADER_ALIASES[field].forEach((alias, rank) => {
    if (!ALIAS_RANK.has(alias)) ALIAS_RANK.set(alias, { field, rank });
  });
}

/** Which field a header names, if any. */
export function fieldForHeader(header: string): ContactField | undefined {
  const normalized = normalizeHeader(header);
  return ALIAS_RANK.get(normalized)?.field ?? (normalized in NAME_BESIDE ? 'fullName' : undefined);
}

/**
 * Maps headers to fields: for each field the best-ranked matching header wins (a mobile
 * column before any other phone). First, middle and last name columns are kept beside a full
 * name column: a row whose full name is empty (Thunderbird's "Display Name") is named from them.
 */
export function suggestColumnMapping(headers: readonly string[]): ColumnMapping {
  const best: Partial<Record<ContactField, { index: number; rank: number }>> = {};
  const ambiguous: { index: number; normalized: string }[] = [];
  headers.forEach((header, index) => {
    const normalized = normalizeHeader(header);
    if (normalized in NAME_BESIDE) {
      ambiguous.push({ index, normalized });
      return;
    }
    const match = ALIAS_RANK.get(normalized);
    if (!match) return;
    const current = best[match.field];
    if (!current || match.rank < current.rank) best[match.field] = { index, rank: match.rank };
  });
  for (const { index, normalized } of ambiguous) {
    const rule = NAME_BESIDE[normalized]!;
    const field = best[rule.beside] ? rule.field : 'fullName';
    if (!best[field]) best[field] = { index, rank: Number.MAX_SAFE_INTEGER };
  }
  const mapping: ColumnMapping = {};
  for (const field of CONTACT_FIELDS) {
    const choice = best[field];
    if (choice) mapping[field] = choice.index;
  }
  return mapping;
}

/** The columns whose header says they hold `field`, best first (by the alias ranking). */
function columnsFor(field: ContactField, headers: readonly string[], except: number): number[] {
  return headers
    .map((header, index) => ({ index, match: ALIAS_RANK.get(normalizeHeader(header)) }))
    .filter((entry) => entry.index !== except && entry.match?.field === field)
    .sort((a, b) => a.match!.rank - b.match!.rank)
    .map((entry) => entry.index);
}

/**
 * Other phone columns, best first, to read when the mapped one has no usable number on a row
 * (an iPhone export has both "iPhone" and "Mobile"; Outlook has "Mobile Phone" and "Business Phone").
 */
export function fallbackPhoneColumns(headers: readonly string[], phoneIndex: number): number[] {
  return columnsFor('phone', headers, phoneIndex);
}

/** Other email columns, best first ("E-mail 2 Address", "E-mail 2 - Value"...). */
export function fallbackEmailColumns(headers: readonly string[], emailIndex: number): number[] {
  return columnsFor('email', headers, emailIndex);
}

/**
 * Google writes each number's kind in a column of its own ("Phone 1 - Type": "Mobile"): by
 * value column, the column that says its kind.
 */
export function phoneTypeColumns(headers: readonly string[]): Map<number, number> {
  const byNumber = new Map<string, number>();
  headers.forEach((header, index) => {
    const match = /^phone(\d+)(type|label)$/.exec(normalizeHeader(header));
    if (match) byNumber.set(match[1]!, index);
  });
  const types = new Map<number, number>();
  headers.forEach((header, index) => {
    const match = /^phone(\d+)value$/.exec(normalizeHeader(header));
    const typeIndex = match ? byNumber.get(match[1]!) : undefined;
    if (typeIndex !== undefined) types.set(index, typeIndex);
  });
  return types;
}

/** Whether a column's header names a mobile number. */
export function isMobileHeader(header: string): boolean {
  return MOBILE_PHONE_HEADERS.includes(normalizeHeader(header));
}

const PHONE_LIKE = /^[+(]?[\d\s().\-/]{6,}$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function looksLikePhone(cell: string): boolean {
  const text = cell.trim().replace(/^'/, '');
  return PHONE_LIKE.test(text) && (text.match(/\d/g)?.length ?? 0) >= 6;
}

/**
 * Whether the first row is a header: none of its cells looks like a phone or an email, and at
 * least one is a known header name, or the next rows hold a phone where it holds text.
 */
export function detectHeaderRow(
  firstRow: readonly string[],
  nextRows: readonly (readonly string[])[],
): boolean {
  if (firstRow.some((cell) => looksLikePhone(cell) || EMAIL_LIKE.test(cell.trim()))) return false;
  if (firstRow.some((cell) => fieldForHeader(cell) !== undefined)) return true;
  return nextRows.some((row) =>
    row.some(
      (cell, index) =>
        looksLikePhone(cell) &&
        !looksLikePhone(firstRow[index] ?? '') &&
        (firstRow[index] ?? '').trim() !== '',
    ),
  );
}

/**
 * A mapping for a file without a header: the column whose cells look like phones, the one
 * with emails, and the first other column as the name; else the sample's order
 * (Full Name, Phone, Email).
 */
export function guessMappingFromContent(rows: readonly (readonly string[])[]): ColumnMapping {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const phoneVotes = new Array<number>(width).fill(0);
  const emailVotes = new Array<number>(width).fill(0);
  for (const row of rows) {
    row.forEach((cell, index) => {
      if (looksLikePhone(cell)) phoneVotes[index]!++;
      else if (EMAIL_LIKE.test(cell.trim())) emailVotes[index]!++;
    });
  }
  const argmax = (votes: number[]): number | undefined => {
    let best: number | undefined;
    votes.forEach((count, index) => {
      if (count > 0 && (best === undefined || count > votes[best]!)) best = index;
    });
    return best;
  };
  const phone = argmax(phoneVotes);
  if (phone === undefined) return { fullName: 0, phone: 1, email: 2 };
  const email = argmax(emailVotes.map((count, index) => (index === phone ? 0 : count)));
  let fullName: number | undefined;
  for (let index = 0; index < width; index++) {
    if (index !== phone && index !== email) {
      fullName = index;
      break;
    }
  }
  const mapping: ColumnMapping = { phone };
  if (fullName !== undefined) mapping.fullName = fullName;
  if (email !== undefined) mapping.email = email;
  return mapping;
}

export type ResolveMappingResult =
  { ok: true; mapping: ColumnMapping } | { ok: false; message: string };

/** Applies the caller's overrides (by index or header text) on top of a suggested mapping. */
export function resolveColumnMapping(
  suggested: ColumnMapping,
  overrides: ColumnMappingInput | undefined,
  headers: readonly string[] | null,
): ResolveMappingResult {
  const mapping: ColumnMapping = { ...suggested };
  if (overrides) {
    // Naming any name field replaces the suggested name fields as a whole.
    const nameFields: ContactField[] = ['fullName', 'firstName', 'middleName', 'lastName'];
    if (nameFields.some((field) => field in overrides))
      for (const field of nameFields) delete mapping[field];
    for (const field of CONTACT_FIELDS) {
      if (!(field in overrides)) continue;
      const ref = overrides[field];
      if (ref === null || ref === undefined) {
        delete mapping[field];
        continue;
      }
      if (typeof ref === 'number') {
        if (!Number.isInteger(ref) || ref < 0)
          return {
            ok: false,
            message: `The column for ${FIELD_LABELS[field]} must be a column number from 0, not ${ref}.`,
          };
        mapping[field] = ref;
        continue;
      }
      const wanted = normalizeHeader(ref);
      const index = headers
        ? headers.findIndex((header) => normalizeHeader(header) === wanted)
        : -1;
      if (index === -1) {
        return {
          ok: false,
          message: headers
            ? `There is no column named "${ref}" for ${FIELD_LABELS[field]}. The columns are: ${headers.join(', ')}.`
            : `Column "${ref}" for ${FIELD_LABELS[field]} can only be found by name when the first line is a header (skip first line).`,
        };
      }
      mapping[field] = index;
    }
  }
  if (mapping.phone === undefined) {
    return {
      ok: false,
      message: headers
        ? `No column holds phone numbers. Name one of the columns (${headers.join(', ')}) as the phone column.`
        : 'No column holds phone numbers. Choose the phone column.',
    };
  }
  if (
    mapping.fullName === undefined &&
    mapping.firstName === undefined &&
    mapping.lastName === undefined
  ) {
    return {
      ok: false,
      message:
        'No column holds names. Choose the full name column, or the first and last name columns.',
    };
  }
  return { ok: true, mapping };
}
