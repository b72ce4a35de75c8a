import { formatCount } from '../internal/format.js';
import { formatString } from './resolve-strings.js';

const rulesByLocale = new Map<string, Intl.PluralRules>();

function pluralRules(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    rulesByLocale.set(locale, rules);
  }
  return rules;
}

/**
 * A phrase with a count, in the grammatical number the locale's plural rules choose: `one` is 1 in
 * English but 0 and 1 in French ("0 contact"). `{count}` is filled with the locale's digits.
 */
export function formatPlural(
  locale: string,
  forms: { one: string; other: string },
  count: number,
  values: Record<string, string | number> = {},
): string {
  const template = pluralRules(locale).select(count) === 'one' ? forms.one : forms.other;
  return formatString(template, { ...values, count: formatCount(count, locale) });
}
