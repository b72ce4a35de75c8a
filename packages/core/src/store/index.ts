export { createContactsStore } from './create-contacts-store.js';
export type * from './types.js';
