import { describe, expect, it } from 'vitest';
import { scanContactsCsv } from '../../src/csv/validate-contacts-csv.js';
import type { CsvValidationReport, ValidContactRow } from '../../src/csv/index.js';
import {
  GOOGLE,
  OUTLOOK_DE,
  OUTLOOK_EN,
  OUTLOOK_ES,
  OUTLOOK_FR,
  OUTLOOK_IT,
  OUTLOOK_PT,
  THUNDERBIRD,
  encode,
  rowOf,
  table,
  workbook,
} from './real-export-files.js';

async function read(
  bytes: Uint8Array | string,
  defaultCountry: string,
): Promise<{ report: CsvValidationReport; contacts: ValidContactRow[]; lines: number[] }> {
  const contacts: ValidContactRow[] = [];
  const lines: number[] = [];
  const source = typeof bytes === 'string' ? bytes : new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const { report } = await scanContactsCsv(
    source,
    { defaultCountry },
    {
      onValidRows: (rows, rowLines) => {
        contacts.push(...rows);
        lines.push(...rowLines);
      },
    },
  );
  return { report, contacts, lines };
}

describe('Outlook exports in six languages', () => {
  it('French, Windows-1252: Prénom + Nom joined, "Adresse de messagerie" read, a home number used when there is no mobile', async () => {
    const file = table([
      OUTLOOK_FR,
      rowOf(OUTLOOK_FR, {
        Prénom: 'Hélène',
        'Deuxième prénom': 'Marie',
        Nom: 'Dupré',
        'Tél. mobile': '06 12 34 56 78',
        'Téléphone (bureau)': '01 44 55 66 77',
        'Adresse de messagerie': 'helene.dupre@exemple.fr',
      }),
      rowOf(OUTLOOK_FR, {
        Prénom: 'François',
        Nom: 'Lefèvre',
        'Téléphone (domicile)': '01 42 68 53 00',
        'Type de messagerie': 'SMTP',
      }),
    ]);
    const { report, contacts } = await read(encode.windows1252(file), 'FR');
    expect(report.encoding).toBe('windows-1252');
    expect(report.ok).toBe(true);
    expect(contacts).toEqual([
      { fullName: 'Hélène Marie Dupré', phone: '+33612345678', email: 'helene.dupre@exemple.fr' },
      { fullName: 'François Lefèvre', phone: '+33142685300', email: null },
    ]);
  });

  it('German, UTF-8 with BOM and semicolons: the mobile number wins over the business one', async () => {
    const file = table(
      [
        OUTLOOK_DE,
        rowOf(OUTLOOK_DE, {
          Vorname: 'Jürgen',
          Nachname: 'Groß',
          'Telefon geschäftlich': '030 1234567',
          Mobiltelefon: '0151 23456789',
          'E-Mail-Adresse': 'juergen@beispiel.de',
        }),
        rowOf(OUTLOOK_DE, {
          Vorname: 'Anna',
          Nachname: 'Weiß',
          'Telefon privat': '089 7654321',
          'E-Mail 2: Adresse': 'anna@beispiel.de',
        }),
      ],
      ';',
    );
    const { report, contacts } = await read(encode.utf8Bom(file), 'DE');
    expect(report.delimiter).toBe(';');
    expect(contacts).toEqual([
      { fullName: 'Jürgen Groß', phone: '+4915123456789', email: 'juergen@beispiel.de' },
      { fullName: 'Anna Weiß', phone: '+49897654321', email: 'anna@beispiel.de' },
    ]);
  });

  it('Spanish, Excel "Unicode Text" (UTF-16LE, tabs): Nombre is the first name beside Apellidos', async () => {
    const file = table(
      [
        OUTLOOK_ES,
        rowOf(OUTLOOK_ES, {
          Nombre: 'María José',
          Apellidos: 'Núñez García',
          Móvil: '612 34 56 78',
          'Dirección de correo electrónico': 'mj.nunez@ejemplo.es',
        }),
        rowOf(OUTLOOK_ES, { Nombre: 'Íñigo', Apellidos: 'Ortiz', Particular: '91 123 45 67' }),
      ],
      '\t',
    );
    const { report, contacts } = await read(encode.utf16le(file), 'ES');
    expect(report.encoding).toBe('utf-16le');
    expect(contacts).toEqual([
      { fullName: 'María José Núñez García', phone: '+34612345678', email: 'mj.nunez@ejemplo.es' },
      { fullName: 'Íñigo Ortiz', phone: '+34911234567', email: null },
    ]);
  });

  it('Portuguese (Brazil), CR-only line endings (Excel for Mac)', async () => {
    const file = table(
      [
        OUTLOOK_PT,
        rowOf(OUTLOOK_PT, {
          Nome: 'João',
          'Segundo Nome': 'Carlos',
          Sobrenome: 'Conceição',
          'Telefone celular': '(11) 91234-5678',
          'Endereço de email': 'joao@exemplo.com.br',
        }),
        rowOf(OUTLOOK_PT, {
          Nome: 'Ana',
          Sobrenome: 'Araújo',
          'Telefone residencial': '(21) 2345-6789',
        }),
      ],
      ',',
      '\r',
    );
    const { contacts, lines } = await read(encode.utf8(file), 'BR');
    expect(contacts).toEqual([
      { fullName: 'João Carlos Conceição', phone: '+5511912345678', email: 'joao@exemplo.com.br' },
      { fullName: 'Ana Araújo', phone: '+552123456789', email: null },
    ]);
    expect(lines).toEqual([2, 3]);
  });

  it('Italian and English: Cellulare / Mobile Phone first, every email column read', async () => {
    const italian = table([
      OUTLOOK_IT,
      rowOf(OUTLOOK_IT, {
        Nome: 'Niccolò',
        Cognome: 'Rossi',
        Abitazione: '06 1234 5678',
        Cellulare: '312 345 6789',
        'Indirizzo posta elettronica': 'niccolo@esempio.it',
      }),
    ]);
    expect((await read(encode.utf8(italian), 'IT')).contacts).toEqual([
      { fullName: 'Niccolò Rossi', phone: '+393123456789', email: 'niccolo@esempio.it' },
    ]);
    const english = table(
      [
        OUTLOOK_EN,
        rowOf(OUTLOOK_EN, {
          'First Name': 'Grace',
          'Last Name': 'Hopper',
          'Business Phone': '(202) 555-0100',
          'Mobile Phone': '(202) 555-0142',
          'E-mail Address': '',
          'E-mail 2 Address': 'grace@navy.example',
        }),
      ],
      ',',
      '\r\n',
      true,
    );
    expect((await read(encode.utf8(english), 'US')).contacts).toEqual([
      { fullName: 'Grace Hopper', phone: '+12025550142', email: 'grace@navy.example' },
    ]);
  });
});

describe('Google, Thunderbird and our own export', () => {
  it('Google: the mobile number over the work one, the first usable of several ::: values', async () => {
    const file = table([
      GOOGLE,
      rowOf(GOOGLE, {
        Name: 'Mei Chow',
        'Given Name': 'Mei',
        'Family Name': 'Chow',
        'Group Membership': '* myContacts',
        'E-mail 1 - Type': '* Home',
        'E-mail 1 - Value': 'mei@example.com ::: mei.chow@example.org',
        'Phone 1 - Type': 'Work',
        'Phone 1 - Value': '+1 202-555-0170',
        'Phone 2 - Type': 'Mobile',
        'Phone 2 - Value': '+1 202-555-0171',
      }),
      rowOf(GOOGLE, {
        Name: 'Ravi Patel',
        'E-mail 1 - Value': 'not an email ::: ravi@example.com',
        'Phone 1 - Type': 'Mobile',
        'Phone 1 - Value': 'n/a ::: +1 202-555-0172',
      }),
    ]);
    const { report, contacts } = await read(encode.utf8(file), 'US');
    expect(report.ok).toBe(true);
    expect(contacts).toEqual([
      { fullName: 'Mei Chow', phone: '+12025550171', email: 'mei@example.com' },
      { fullName: 'Ravi Patel', phone: '+12025550172', email: 'ravi@example.com' },
    ]);
  });

  it('Thunderbird: an empty Display Name is built from First and Last Name', async () => {
    const file = table([
      THUNDERBIRD,
      rowOf(THUNDERBIRD, {
        'First Name': 'Linus',
        'Last Name': 'Torvalds',
        'Display Name': '',
        'Primary Email': 'linus@example.org',
        'Work Phone': '+1 503 555 0110',
        'Mobile Number': '+1 503 555 0111',
      }),
      rowOf(THUNDERBIRD, {
        'First Name': 'A',
        'Last Name': 'B',
        'Display Name': 'Ada B.',
        'Home Phone': '+1 503 555 0112',
      }),
    ]);
    expect((await read(encode.utf8(file), 'US')).contacts).toEqual([
      { fullName: 'Linus Torvalds', phone: '+15035550111', email: 'linus@example.org' },
      { fullName: 'Ada B.', phone: '+15035550112', email: null },
    ]);
  });

  it('our export: "Opted Out" yes/true/1/x become optedOut, formula escapes are reversed', async () => {
    const file = table([
      ['Full Name', 'Phone', 'Email', 'Lists', 'Opted Out'],
      ["'=1+1", '+12025550180', '', 'VIP; Boston', 'yes'],
      ["'-5 degrees", '+12025550181', '', '', 'no'],
      ["''=HYPERLINK(x)", '+12025550182', '', '', 'TRUE'],
      ["'quoted", '+12025550183', '', '', 'x'],
      ['Plain', '+12025550184', '', '', '1'],
      ['Nobody', '+12025550185', '', '', ''],
    ]);
    expect((await read(encode.utf8(file), 'US')).contacts).toEqual([
      { fullName: '=1+1', phone: '+12025550180', email: null, optedOut: true },
      { fullName: '-5 degrees', phone: '+12025550181', email: null },
      { fullName: "'=HYPERLINK(x)", phone: '+12025550182', email: null, optedOut: true },
      { fullName: "'quoted", phone: '+12025550183', email: null, optedOut: true },
      { fullName: 'Plain', phone: '+12025550184', email: null, optedOut: true },
      { fullName: 'Nobody', phone: '+12025550185', email: null },
    ]);
  });
});

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

describe('vCards as phones and desktop programs write them', () => {
  it('iPhone (3.0): grouped item1.TEL with its label, the CELL number preferred, card numbers as lines', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'PRODID:-//Apple Inc.//iPhone OS 17.4//EN',
      'N:Appleseed;Johnny;;;',
      'FN:Johnny Appleseed',
      'item1.TEL;type=pref:+1 (202) 555-0190',
      'item1.X-ABLabel:_$!<Work>!$_',
      'TEL;type=CELL;type=VOICE:(202) 555-0191',
      'EMAIL;type=INTERNET;type=HOME;type=pref:johnny@example.com',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Chen;Li;;;',
      'FN:Li Chen',
      'item2.TEL:+1 202 555 0192',
      'item2.X-ABLabel:_$!<Mobile>!$_',
      'TEL;type=HOME:+1 202 555 0193',
      'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR',
      ' oaHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIy',
      'END:VCARD',
    ]);
    const { report, contacts, lines } = await read(encode.utf8(file), 'US');
    expect(report.format).toBe('vcard');
    expect(contacts).toEqual([
      { fullName: 'Johnny Appleseed', phone: '+12025550191', email: 'johnny@example.com' },
      { fullName: 'Li Chen', phone: '+12025550192', email: null },
    ]);
    expect(lines).toEqual([1, 2]);
  });

  it('Android (2.1): quoted-printable UTF-8 names with soft line breaks, bare CELL, N only', async () => {
    const file = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=BBaneta;Zofia;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zofia =C5=BBane=',
      'ta',
      'TEL;HOME:+48 22 123 45 67',
      'TEL;CELL:+48 601 234 567',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Nowak;Piotr;;;',
      'TEL;CELL;PREF:601 234 568',
      'EMAIL;HOME:piotr@example.pl',
      'END:VCARD',
    ]);
    expect((await read(encode.utf8(file), 'PL')).contacts).toEqual([
      { fullName: 'Zofia Żaneta', phone: '+48601234567', email: null },
      { fullName: 'Piotr Nowak', phone: '+48601234568', email: 'piotr@example.pl' },
    ]);
  });

  it('Outlook (2.1, Windows-1252, CHARSET=Windows-1252 quoted-printable) and macOS (3.0, folded, escaped)', async () => {
    const outlook = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;LANGUAGE=fr-fr:Müller;Zoë',
      'FN:Zoë Müller',
      'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:Caf=E9 cr=E8me',
      'TEL;WORK;VOICE:+33 1 44 55 66 77',
      'TEL;CELL;VOICE:+33 6 98 76 54 32',
      'EMAIL;PREF;INTERNET:zoe@exemple.fr',
      'END:VCARD',
    ]);
    expect((await read(encode.windows1252(outlook), 'FR')).contacts).toEqual([
      { fullName: 'Zoë Müller', phone: '+33698765432', email: 'zoe@exemple.fr' },
    ]);
    const mac = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:O\\,Brien;Siobhán;;;',
      'FN:Siobhán O\\,Brien and a very long name that macOS fol',
      ' ds over two lines',
      'TEL;type=IPHONE;type=CELL;type=VOICE;type=pref:+353 85 123 4567',
      'EMAIL;type=INTERNET;type=WORK:siobhan@example.ie',
      'END:VCARD',
    ]);
    expect((await read(encode.utf8(mac), 'IE')).contacts).toEqual([
      {
        fullName: 'Siobhán O,Brien and a very long name that macOS folds over two lines',
        phone: '+353851234567',
        email: 'siobhan@example.ie',
      },
    ]);
  });

  it('vCard 4.0: TYPE="cell,voice", tel: URIs, PREF=1, a card with no usable number reported by its card number', async () => {
    const file = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Ngozi Okafor',
      'N:Okafor;Ngozi;;;',
      'TEL;VALUE=uri;TYPE="voice,work":tel:+234-1-234-5678',
      'TEL;VALUE=uri;PREF=1;TYPE="cell,voice":tel:+234-803-123-4567',
      'EMAIL;PREF=1:ngozi@example.ng',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:No Number',
      'EMAIL:none@example.ng',
      'END:VCARD',
    ].join('\n');
    const { report, contacts } = await read(file, 'NG');
    expect(contacts).toEqual([
      { fullName: 'Ngozi Okafor', phone: '+2348031234567', email: 'ngozi@example.ng' },
    ]);
    expect(report.problems).toEqual([expect.objectContaining({ line: 2, code: 'missing_phone' })]);
  });
});

describe('Excel workbooks', () => {
  it('the first sheet, phones stored as numbers and as text keep their digits, dates untouched', async () => {
    const bytes = workbook([
      [
        { t: 's', v: 'Full Name' },
        { t: 's', v: 'Mobile' },
        { t: 's', v: 'Email' },
        { t: 's', v: 'Birthday' },
      ],
      [
        { t: 's', v: 'Olivia Brown' },
        { t: 'n', v: 447911123457 },
        { t: 's', v: 'olivia@example.co.uk' },
        { t: 'n', v: 45292, z: 'yyyy-mm-dd' },
      ],
      [
        { t: 's', v: 'Jack Smith' },
        { t: 's', v: '07911 123459' },
        { t: 's', v: '' },
      ],
      [],
      [
        { t: 's', v: 'Amelia Jones' },
        { t: 'n', v: 7911123458 },
      ],
    ]);
    const { report, contacts, lines } = await read(bytes, 'GB');
    expect(report.format).toBe('xlsx');
    expect(report.problems).toEqual([]);
    expect(contacts).toEqual([
      { fullName: 'Olivia Brown', phone: '+447911123457', email: 'olivia@example.co.uk' },
      { fullName: 'Jack Smith', phone: '+447911123459', email: null },
      { fullName: 'Amelia Jones', phone: '+447911123458', email: null },
    ]);
    expect(lines).toEqual([2, 3, 5]);
  });
});
