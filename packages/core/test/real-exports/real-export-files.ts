// Contacts files as real programs write them: column layouts, encodings and line endings of
// Outlook (six languages), Google Contacts, Thunderbird, our own export, vCards from phones and
// desktop programs, and Excel workbooks. Built in code so every byte is deliberate.
import * as XLSX from '@e965/xlsx';

export const encode = {
  utf8: (text: string): Uint8Array => new TextEncoder().encode(text),
  utf8Bom: (text: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]),
  /** Excel's "Unicode Text": UTF-16LE with its BOM. */
  utf16le: (text: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]),
  /** Windows-1252 (for these texts, the same bytes as Latin-1). */
  windows1252: (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1')),
};

const quote = (cell: string): string => (/[",;\t\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
export function table(rows: string[][], delimiter = ',', newline = '\r\n', quoteAll = false): string {
  return rows.map((row) => row.map((cell) => (quoteAll ? `"${cell.replace(/"/g, '""')}"` : quote(cell))).join(delimiter)).join(newline) + newline;
}

/** Fills a row of `header.length` cells from a few named ones. */
export function rowOf(header: readonly string[], cells: Record<string, string>): string[] {
  for (const name of Object.keys(cells)) if (!header.includes(name)) throw new Error(`no column ${name}`);
  return header.map((name) => cells[name] ?? '');
}

// Outlook's "Export to a file → Comma Separated Values" header, per language, in its order.
export const OUTLOOK_EN = ['Title', 'First Name', 'Middle Name', 'Last Name', 'Suffix', 'Company', 'Department', 'Job Title', 'Business Street', 'Business City', 'Business State', 'Business Postal Code', 'Business Country/Region', 'Home Street', 'Home City', 'Home State', 'Home Postal Code', 'Home Country/Region', 'Business Fax', 'Business Phone', 'Business Phone 2', 'Callback', 'Car Phone', 'Company Main Phone', 'Home Fax', 'Home Phone', 'Home Phone 2', 'ISDN', 'Mobile Phone', 'Other Fax', 'Other Phone', 'Pager', 'Primary Phone', 'Radio Phone', 'TTY/TDD Phone', 'Telex', 'Anniversary', 'Birthday', 'Categories', 'E-mail Address', 'E-mail Type', 'E-mail Display Name', 'E-mail 2 Address', 'E-mail 2 Type', 'E-mail 2 Display Name', 'E-mail 3 Address', 'E-mail 3 Type', 'E-mail 3 Display Name', 'Notes', 'Web Page'];
export const OUTLOOK_FR = ['Titre', 'Prénom', 'Deuxième prénom', 'Nom', 'Suffixe', 'Société', 'Service', 'Titre', 'Rue (bureau)', 'Ville (bureau)', 'Dép/Région (bureau)', 'Code postal (bureau)', 'Pays/Région (bureau)', 'Rue (domicile)', 'Ville (domicile)', 'Dép/Région (domicile)', 'Code postal (domicile)', 'Pays/Région (domicile)', 'Télécopie (bureau)', 'Téléphone (bureau)', 'Téléphone 2 (bureau)', 'Rappel', 'Téléphone (voiture)', 'Téléphone société', 'Télécopie (domicile)', 'Téléphone (domicile)', 'Téléphone 2 (domicile)', 'RNIS', 'Tél. mobile', 'Télécopie (autre)', 'Téléphone (autre)', 'Récepteur de radiomessagerie', 'Téléphone principal', 'Radiotéléphone', 'Téléphone TDD/TTY', 'Télex', 'Anniversaire de mariage', 'Anniversaire', 'Catégories', 'Adresse de messagerie', 'Type de messagerie', 'Nom complet de l\'adresse de messagerie', 'Adresse de messagerie 2', 'Type de messagerie 2', 'Nom complet de l\'adresse de messagerie 2', 'Adresse de messagerie 3', 'Type de messagerie 3', 'Nom complet de l\'adresse de messagerie 3', 'Notes', 'Page Web'];
export const OUTLOOK_DE = ['Anrede', 'Vorname', 'Weitere Vornamen', 'Nachname', 'Suffix', 'Firma', 'Abteilung', 'Position', 'Straße geschäftlich', 'Ort geschäftlich', 'Region geschäftlich', 'Postleitzahl geschäftlich', 'Land/Region geschäftlich', 'Straße privat', 'Ort privat', 'Region privat', 'Postleitzahl privat', 'Land/Region privat', 'Fax geschäftlich', 'Telefon geschäftlich', 'Telefon geschäftlich 2', 'Rückmeldung', 'Autotelefon', 'Telefon Firma', 'Fax privat', 'Telefon privat', 'Telefon privat 2', 'ISDN', 'Mobiltelefon', 'Weiteres Fax', 'Weiteres Telefon', 'Pager', 'Haupttelefon', 'Mobiltelefon 2', 'Telefon für Hörbehinderte', 'Telex', 'Jahrestag', 'Geburtstag', 'Kategorien', 'E-Mail-Adresse', 'E-Mail-Typ', 'E-Mail: Angezeigter Name', 'E-Mail 2: Adresse', 'E-Mail 2: Typ', 'E-Mail 2: Angezeigter Name', 'E-Mail 3: Adresse', 'E-Mail 3: Typ', 'E-Mail 3: Angezeigter Name', 'Notizen', 'Webseite'];
export const OUTLOOK_ES = ['Tratamiento', 'Nombre', 'Segundo nombre', 'Apellidos', 'Sufijo', 'Organización', 'Departamento', 'Puesto', 'Calle del trabajo', 'Ciudad de trabajo', 'Provincia o estado de trabajo', 'Código postal del trabajo', 'País o región del trabajo', 'Calle del domicilio', 'Ciudad de residencia', 'Provincia o estado de residencia', 'Código postal de residencia', 'País o región de residencia', 'Fax del trabajo', 'Teléfono del trabajo', 'Teléfono del trabajo 2', 'Devolución de llamada', 'Teléfono del automóvil', 'Número de centralita de la organización', 'Fax particular', 'Particular', 'Teléfono particular 2', 'RDSI', 'Móvil', 'Otro fax', 'Otro teléfono', 'Localizador', 'Teléfono principal', 'Radioteléfono', 'Número de teletipo', 'Télex', 'Aniversario', 'Cumpleaños', 'Categorías', 'Dirección de correo electrónico', 'Tipo de correo electrónico', 'Mostrar nombre de correo electrónico', 'Dirección de correo electrónico 2', 'Tipo de correo electrónico 2', 'Mostrar nombre de correo electrónico 2', 'Dirección de correo electrónico 3', 'Tipo de correo electrónico 3', 'Mostrar nombre de correo electrónico 3', 'Notas', 'Página Web'];
export const OUTLOOK_PT = ['Tratamento', 'Nome', 'Segundo Nome', 'Sobrenome', 'Sufixo', 'Empresa', 'Departamento', 'Cargo', 'Rua comercial', 'Cidade comercial', 'Estado comercial', 'CEP comercial', 'País/Região comercial', 'Rua residencial', 'Cidade residencial', 'Estado residencial', 'CEP residencial', 'País/Região residencial', 'Fax comercial', 'Telefone comercial', 'Telefone comercial 2', 'Retorno de chamada', 'Telefone do carro', 'Telefone principal da empresa', 'Fax residencial', 'Telefone residencial', 'Telefone residencial 2', 'ISDN', 'Telefone celular', 'Outro fax', 'Outro telefone', 'Pager', 'Telefone principal', 'Rádio', 'Telefone TTY/TDD', 'Telex', 'Aniversário de casamento', 'Aniversário', 'Categorias', 'Endereço de email', 'Tipo de email', 'Nome de exibição do email', 'Endereço de email 2', 'Tipo de email 2', 'Nome de exibição do email 2', 'Endereço de email 3', 'Tipo de email 3', 'Nome de exibição do email 3', 'Anotações', 'Página da Web'];
export const OUTLOOK_IT = ['Titolo', 'Nome', 'Secondo nome', 'Cognome', 'Titolo straniero', 'Società', 'Reparto', 'Posizione', 'Via (uff.)', 'Città (uff.)', 'Provincia (uff.)', 'CAP (uff.)', 'Paese (uff.)', 'Via (ab.)', 'Città (ab.)', 'Provincia (ab.)', 'CAP (ab.)', 'Paese (ab.)', 'Fax (uff.)', 'Ufficio', 'Ufficio 2', 'Richiamata automatica', 'Telefono auto', 'Telefono principale società', 'Fax (ab.)', 'Abitazione', 'Abitazione 2', 'ISDN', 'Cellulare', 'Altro fax', 'Altro telefono', 'Cercapersone', 'Telefono principale', 'Radiotelefono', 'Telefono TTY/TDD', 'Telex', 'Anniversario', 'Compleanno', 'Categorie', 'Indirizzo posta elettronica', 'Tipo posta elettronica', 'Nome visualizzato posta elettronica', 'Indirizzo posta elettronica 2', 'Tipo posta elettronica 2', 'Nome visualizzato posta elettronica 2', 'Indirizzo posta elettronica 3', 'Tipo posta elettronica 3', 'Nome visualizzato posta elettronica 3', 'Note', 'Pagina Web'];

export const GOOGLE = ['Name', 'Given Name', 'Additional Name', 'Family Name', 'Yomi Name', 'Given Name Yomi', 'Additional Name Yomi', 'Family Name Yomi', 'Name Prefix', 'Name Suffix', 'Initials', 'Nickname', 'Short Name', 'Maiden Name', 'Birthday', 'Gender', 'Location', 'Billing Information', 'Directory Server', 'Mileage', 'Occupation', 'Hobby', 'Sensitivity', 'Priority', 'Subject', 'Notes', 'Language', 'Photo', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Phone 2 - Type', 'Phone 2 - Value'];

export const THUNDERBIRD = ['First Name', 'Last Name', 'Display Name', 'Nickname', 'Primary Email', 'Secondary Email', 'Screen Name', 'Work Phone', 'Home Phone', 'Fax Number', 'Pager Number', 'Mobile Number', 'Home Address', 'Home Address 2', 'Home City', 'Home State', 'Home ZipCode', 'Home Country', 'Work Address', 'Work Address 2', 'Work City', 'Work State', 'Work ZipCode', 'Work Country', 'Job Title', 'Department', 'Organization', 'Web Page 1', 'Web Page 2', 'Birth Year', 'Birth Month', 'Birth Day', 'Custom 1', 'Custom 2', 'Custom 3', 'Custom 4', 'Notes'];

/** A workbook (first sheet "Contacts", a second sheet that must be ignored) as Excel saves it. */
export function workbook(rows: XLSX.CellObject[][]): Uint8Array {
  const sheet: XLSX.WorkSheet = {};
  let width = 0;
  rows.forEach((row, r) => {
    width = Math.max(width, row.length);
    row.forEach((cell, c) => {
      sheet[XLSX.utils.encode_cell({ r, c })] = cell;
    });
  });
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: width - 1 } });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Contacts');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Full Name', 'Phone'], ['Not Me', '+12025550199']]), 'Other');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
