/** The import dialog's strings (English): the reference table; `{name}` placeholders are filled by `formatString`. */
export const en = {
  importTitle: 'Import Contacts',
  importIntro: 'Load contacts from a CSV file with the columns Full Name, Phone and Email.',
  importSampleLink: 'Download the sample CSV',
  importSourceLabel: 'Where are the contacts?',
  importUploadFile: 'Upload File',
  importPasteCsv: 'Paste CSV',
  importChooseFile: 'Choose a CSV file',
  importDropHint: 'or drop it here',
  importFileChosen: '{name} ({size})',
  importNoFile: 'No file chosen yet.',
  importPasteLabel: 'CSV content',
  importPastePlaceholder: 'Full Name,Phone,Email\nJane Doe,(555) 010-0100,jane@example.com',
  importSkipFirstLine: 'Skip First Line',
  importSkipFirstLineHelp:
    'Tick it when the first row holds column names (e.g. "Full Name, Phone, Email").',
  importHeaderDetected: 'The first row looks like column names, so it will be skipped.',
  importListLabel: 'Import Contacts into Selected List',
  importNoListOption: 'No list (contacts only)',
  importNoListsYet:
    'You have no lists yet. Contacts can be imported without one, or create a list now.',
  importNewListLabel: 'New list name',
  importCreateList: 'Create list',
  importCreatingList: 'Creating…',
  importListCreated: 'List "{name}" created.',
  importMappingTitle: 'Columns',
  importMappingIntro:
    'Tell us what each column of your file holds. We matched the ones we recognized.',
  importColumnLabel: 'Column {index}',
  importColumnSample: 'e.g. {value}',
  importFieldIgnore: 'Do not import',
  importFieldFullName: 'Full Name',
  importFieldFirstName: 'First Name',
  importFieldMiddleName: 'Middle Name',
  importFieldLastName: 'Last Name',
  importFieldPhone: 'Phone',
  importFieldEmail: 'Email',
  importMappingNeedsPhone: 'Choose the column that holds the phone number.',
  importMappingNeedsName:
    'Choose the column that holds the name (Full Name, or First and Last Name).',
  importCheck: 'Check file',
  importChecking: 'Checking rows…',
  importCheckProgress: '{rows} rows checked',
  importEmpty: 'The file has no rows to import.',
  importReportTitle: 'Check results',
  importReportCounts: '{rows} rows: {valid} ready to import, {invalid} with problems.',
  importReportClean: 'All {rows} rows are ready to import.',
  importReportDuplicates:
    '{count} rows repeat a phone number found earlier in the file; the last one wins.',
  importReportTableCaption: 'Problems found, by line of the file',
  importReportLine: 'Line',
  importReportColumn: 'Column',
  importReportValue: 'Value',
  importReportProblem: 'Problem',
  importReportMore: 'And {count} more problems not listed.',
  importReportFix:
    'Fix these lines in your file and choose it again, or import only the valid rows.',
  importOnlyValid: 'Import valid rows only ({count})',
  importEncodingNotice: 'The file was read as {encoding}.',
  importSubmit: 'Import Contacts',
  importBack: 'Back',
  importUploading: 'Uploading contacts…',
  importCommitting: 'Saving contacts…',
  importProgressLabel: 'Import progress',
  importProgressValue: '{done} of {total} rows',
  importCancel: 'Cancel import',
  importCancelled: 'The import was cancelled. Nothing was imported.',
  importResumeTitle: 'An import was interrupted',
  importResumeBody:
    'The import of {name} stopped before it finished ({done} of {total} rows sent). Resume it to send only the rest.',
  importResume: 'Resume import',
  importDiscard: 'Start over',
  importResumeChooseFile: 'Choose the same file again to resume.',
  importDoneTitle: 'Import complete',
  importDoneCreated: 'Added',
  importDoneUpdated: 'Updated',
  importDoneUnchanged: 'Unchanged',
  importDoneDuplicates: 'Duplicates in the file',
  importDoneKeptOptedOut: 'Kept opted out',
  importDoneNote: 'Opted-out numbers stay opted out; only the contact can opt back in.',
  importDoneResumed: 'Resumed: {chunks} chunks were already on the server and were not sent again.',
  importFailed: 'The import failed: {message} Nothing was imported.',
  importClose: 'Close',
  importNotAllowed: 'You do not have permission to import contacts.',
  cancel: 'Cancel',
} as const;

/** The import dialog's string table; `fr` and overrides supply the same keys. */
export type ImportStrings = { [Key in keyof typeof en]: string };

export const fr: ImportStrings = {
  importTitle: 'Importer des contacts',
  importIntro:
    'Chargez des contacts depuis un fichier CSV avec les colonnes Nom complet, Téléphone et E-mail.',
  importSampleLink: "Télécharger le CSV d'exemple",
  importSourceLabel: 'Où sont les contacts ?',
  importUploadFile: 'Téléverser un fichier',
  importPasteCsv: 'Coller du CSV',
  importChooseFile: 'Choisir un fichier CSV',
  importDropHint: 'ou déposez-le ici',
  importFileChosen: '{name} ({size})',
  importNoFile: 'Aucun fichier choisi.',
  importPasteLabel: 'Contenu CSV',
  importPastePlaceholder: 'Full Name,Phone,Email\nJeanne Dupont,06 12 34 56 78,jeanne@example.com',
  importSkipFirstLine: 'Ignorer la première ligne',
  importSkipFirstLineHelp:
    'Cochez-la quand la première ligne contient les noms des colonnes (ex. « Full Name, Phone, Email »).',
  importHeaderDetected: 'La première ligne ressemble à des noms de colonnes : elle sera ignorée.',
  importListLabel: 'Importer les contacts dans la liste choisie',
  importNoListOption: 'Aucune liste (contacts seulement)',
  importNoListsYet:
    "Vous n'avez pas encore de liste. Importez sans liste, ou créez-en une maintenant.",
  importNewListLabel: 'Nom de la nouvelle liste',
  importCreateList: 'Créer la liste',
  importCreatingList: 'Création…',
  importListCreated: 'Liste « {name} » créée.',
  importMappingTitle: 'Colonnes',
  importMappingIntro:
    'Indiquez ce que contient chaque colonne. Nous avons associé celles que nous avons reconnues.',
  importColumnLabel: 'Colonne {index}',
  importColumnSample: 'ex. {value}',
  importFieldIgnore: 'Ne pas importer',
  importFieldFullName: 'Nom complet',
  importFieldFirstName: 'Prénom',
  importFieldMiddleName: 'Deuxième prénom',
  importFieldLastName: 'Nom',
  importFieldPhone: 'Téléphone',
  importFieldEmail: 'E-mail',
  importMappingNeedsPhone: 'Choisissez la colonne qui contient le numéro de téléphone.',
  importMappingNeedsName: 'Choisissez la colonne du nom (Nom complet, ou Prénom et Nom).',
  importCheck: 'Vérifier le fichier',
  importChecking: 'Vérification des lignes…',
  importCheckProgress: '{rows} lignes vérifiées',
  importEmpty: "Le fichier n'a aucune ligne à importer.",
  importReportTitle: 'Résultat de la vérification',
  importReportCounts: '{rows} lignes : {valid} prêtes, {invalid} avec des problèmes.',
  importReportClean: 'Les {rows} lignes sont prêtes à être importées.',
  importReportDuplicates:
    '{count} lignes répètent un numéro déjà présent dans le fichier ; la dernière l’emporte.',
  importReportTableCaption: 'Problèmes trouvés, par ligne du fichier',
  importReportLine: 'Ligne',
  importReportColumn: 'Colonne',
  importReportValue: 'Valeur',
  importReportProblem: 'Problème',
  importReportMore: 'Et {count} autres problèmes non listés.',
  importReportFix:
    'Corrigez ces lignes puis choisissez à nouveau le fichier, ou importez seulement les lignes valides.',
  importOnlyValid: 'Importer seulement les lignes valides ({count})',
  importEncodingNotice: 'Le fichier a été lu en {encoding}.',
  importSubmit: 'Importer les contacts',
  importBack: 'Retour',
  importUploading: 'Envoi des contacts…',
  importCommitting: 'Enregistrement des contacts…',
  importProgressLabel: "Progression de l'import",
  importProgressValue: '{done} sur {total} lignes',
  importCancel: "Annuler l'import",
  importCancelled: "L'import a été annulé. Rien n'a été importé.",
  importResumeTitle: 'Un import a été interrompu',
  importResumeBody:
    "L'import de {name} s'est arrêté avant la fin ({done} sur {total} lignes envoyées). Reprenez-le pour n'envoyer que le reste.",
  importResume: "Reprendre l'import",
  importDiscard: 'Recommencer',
  importResumeChooseFile: 'Choisissez à nouveau le même fichier pour reprendre.',
  importDoneTitle: 'Import terminé',
  importDoneCreated: 'Ajoutés',
  importDoneUpdated: 'Mis à jour',
  importDoneUnchanged: 'Inchangés',
  importDoneDuplicates: 'Doublons dans le fichier',
  importDoneKeptOptedOut: 'Restés désinscrits',
  importDoneNote: 'Les numéros désinscrits le restent ; seul le contact peut se réinscrire.',
  importDoneResumed:
    'Reprise : {chunks} blocs étaient déjà sur le serveur et n’ont pas été renvoyés.',
  importFailed: "L'import a échoué : {message} Rien n'a été importé.",
  importClose: 'Fermer',
  importNotAllowed: "Vous n'avez pas le droit d'importer des contacts.",
  cancel: 'Annuler',
};

const TABLES: Readonly<Record<string, ImportStrings>> = { en, fr };

/** The table for a locale (`fr-CA` → `fr`), with the host's overrides for these keys on top. */
export function resolveImportStrings(
  locale: string | null | undefined,
  overrides?: Partial<Record<string, string>> | null,
): ImportStrings {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const base = TABLES[language] ?? en;
  if (!overrides) return base;
  const merged: Record<string, string> = { ...base };
  for (const key of Object.keys(base)) {
    const value = overrides[key];
    if (typeof value === 'string') merged[key] = value;
  }
  return merged as ImportStrings;
}
