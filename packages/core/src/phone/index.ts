export { callingCodeOf, normalizePhone, type PhoneNormalization } from './normalize-phone.js';
export { createPhoneNormalizer, type PhoneNormalizer } from './fast-phone-normalizer.js';
export { formatPhoneForDisplay } from './format-phone.js';
