export { createContactsClient } from './create-contacts-client.js';
export type * from './types.js';
