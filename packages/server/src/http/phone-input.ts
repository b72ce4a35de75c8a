import { normalizePhone } from '@contacts-manager/core/phone';
import { ApiError } from './api-error.js';

/** A typed phone in E.164 with the account's default country, or 422 `invalid_phone`. */
export function requireE164(input: string, defaultCountry: string, path = 'phone'): string {
  const result = normalizePhone(input, defaultCountry);
  if (!result.ok) {
    throw new ApiError(422, 'invalid_phone', result.message, { errors: [{ path, code: 'invalid_phone', message: result.message }] });
  }
  return result.e164;
}
