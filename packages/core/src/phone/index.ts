export { normalizePhone, type PhoneNormalization } from './normalize-phone.js';
