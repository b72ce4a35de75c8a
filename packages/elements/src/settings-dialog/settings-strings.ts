import { resolveStringTable } from '../i18n/resolve-string-table.js';

/** The settings dialog's strings (English): the reference table; `{name}` placeholders are filled by `formatString`. */
export const en = {
  settingsTitle: 'Settings',
  settingsNothing: 'There are no settings you can change with your account.',
  settingsDeleteAllTitle: 'Delete all contacts',
  settingsDeleteAllBody:
    'Deletes every contact in this account ({count}), for example before reassigning a number or after importing the wrong file.',
  settingsDeleteAllWarning: 'This CANNOT BE UNDONE.',
  settingsDeleteAllOptOutNote:
    'Opted-out numbers stay opted out, even if they are imported again later.',
  settingsConfirmWord: 'DELETE',
  settingsConfirmLabel: 'Type {word} to confirm',
  settingsConfirmMismatch: 'Type {word} exactly, in capital letters.',
  settingsDeleteAllButton: 'Delete all contacts',
  settingsDeleting: 'Deleting contacts…',
  settingsDeleteProgressLabel: 'Delete all progress',
  settingsDeleteProgressValue: '{done} of {total} deleted',
  settingsDeleteWaiting: 'Starting…',
  settingsDeleteBackground:
    'You can close this window: the deletion continues, and the list shrinks as it syncs.',
  settingsDeleteDone: 'All contacts were deleted ({count}).',
  settingsDeleteFailed: 'Delete all stopped: {message}',
  settingsClose: 'Close',
  cancel: 'Cancel',
} as const;

/** The settings dialog's string table; `fr` and overrides supply the same keys. */
export type SettingsStrings = { [Key in keyof typeof en]: string };

export const fr: SettingsStrings = {
  settingsTitle: 'Paramètres',
  settingsNothing: "Aucun paramètre n'est modifiable avec votre compte.",
  settingsDeleteAllTitle: 'Supprimer tous les contacts',
  settingsDeleteAllBody:
    "Supprime tous les contacts de ce compte ({count}), par exemple avant de réattribuer un numéro ou après l'import d'un mauvais fichier.",
  settingsDeleteAllWarning: 'Cette action est IRRÉVERSIBLE.',
  settingsDeleteAllOptOutNote:
    'Les numéros désinscrits le restent, même s’ils sont importés à nouveau.',
  settingsConfirmWord: 'SUPPRIMER',
  settingsConfirmLabel: 'Tapez {word} pour confirmer',
  settingsConfirmMismatch: 'Tapez {word} exactement, en majuscules.',
  settingsDeleteAllButton: 'Supprimer tous les contacts',
  settingsDeleting: 'Suppression des contacts…',
  settingsDeleteProgressLabel: 'Progression de la suppression',
  settingsDeleteProgressValue: '{done} sur {total} supprimés',
  settingsDeleteWaiting: 'Démarrage…',
  settingsDeleteBackground:
    'Vous pouvez fermer cette fenêtre : la suppression continue et la liste se réduit au fil de la synchronisation.',
  settingsDeleteDone: 'Tous les contacts ont été supprimés ({count}).',
  settingsDeleteFailed: 'La suppression s’est arrêtée : {message}',
  settingsClose: 'Fermer',
  cancel: 'Annuler',
};

/** The table for a locale (`fr-CA` → `fr`), with the host's overrides for these keys on top. */
export function resolveSettingsStrings(
  locale: string | null | undefined,
  overrides?: Partial<Record<string, string>> | null,
): SettingsStrings {
  return resolveStringTable({ en, fr }, locale, overrides);
}
