import { describe, expect, it } from 'vitest';
import { callingCodeOf, normalizePhone } from './normalize-phone.js';

describe('normalizePhone', () => {
  it('reads national numbers with the default country and international ones as they are', () => {
    expect(normalizePhone('(415) 555-0101', 'US')).toEqual({ ok: true, e164: '+14155550101' });
    expect(normalizePhone('  415.555.0101  ', 'us')).toEqual({ ok: true, e164: '+14155550101' });
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('020 7946 0958', 'gb')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('+44 20 7946 0958', 'US')).toEqual({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('0049 30 901820', 'US')).toEqual({ ok: true, e164: '+4930901820' });
  });

  it('refuses blanks and numbers that do not exist, saying which and for which country', () => {
    expect(normalizePhone('', 'US')).toEqual({ ok: false, code: 'invalid_phone', message: 'Phone is required' });
    expect(normalizePhone('   ', 'US')).toEqual({ ok: false, code: 'invalid_phone', message: 'Phone is required' });
    const short = normalizePhone(' 12 ', 'gb');
    expect(short).toEqual({ ok: false, code: 'invalid_phone', message: '"12" is not a valid phone number for GB or in international form (+…)' });
    for (const bad of ['not a phone', '+999', '+1 555 000 1', '0000000000']) expect(normalizePhone(bad, 'US').ok, bad).toBe(false);
  });

  it('knows the calling code of a country, and none for an unknown one', () => {
    expect(callingCodeOf('us')).toBe('1');
    expect(callingCodeOf('GB')).toBe('44');
    expect(callingCodeOf('ZZ')).toBeNull();
  });
});
