import { createContext } from '@lit/context';
import type { ContactsStore } from '@contacts-manager/core';

/** The one live store, provided by `<contacts-manager>` to every descendant component. */
export const storeContext = createContext<ContactsStore>(Symbol.for('contacts-manager/store'));
