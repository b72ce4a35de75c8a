import { describe, expect, it } from 'vitest';
import { formatPhoneForDisplay } from './format-phone.js';

describe('formatPhoneForDisplay', () => {
  it('shows numbers of the account country in national form', () => {
    expect(formatPhoneForDisplay('+12015550123', 'US')).toBe('(201) 555-0123');
    expect(formatPhoneForDisplay('+442079460958', 'gb')).toBe('020 7946 0958');
  });

  it('shows numbers of other countries in international form', () => {
    expect(formatPhoneForDisplay('+442079460958', 'US')).toBe('+44 20 7946 0958');
    expect(formatPhoneForDisplay('+33612345678', 'US')).toBe('+33 6 12 34 56 78');
  });

  it('leaves text that is not a phone number as it is', () => {
    expect(formatPhoneForDisplay('not a number', 'US')).toBe('not a number');
  });
});
