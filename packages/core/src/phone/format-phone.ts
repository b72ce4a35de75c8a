import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * A stored E.164 number as people read it: national format for the account's own country
 * ("(201) 555-0123"), international for any other ("+44 20 7946 0958"). What is stored, sent
 * and copied stays E.164; text that does not parse is returned as it is.
 */
export function formatPhoneForDisplay(e164: string, accountCountry: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const country = accountCountry.toUpperCase() as CountryCode;
  let home = parsed.country === country;
  if (!home && parsed.country === undefined) {
    // Numbers the metadata cannot place (555 test numbers): the calling code decides.
    try {
      home = getCountryCallingCode(country) === parsed.countryCallingCode;
    } catch {
      home = false;
    }
  }
  return home ? parsed.formatNational() : parsed.formatInternational();
}
