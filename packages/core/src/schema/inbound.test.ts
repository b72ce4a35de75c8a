import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, classifyInboundBody } from './inbound.js';

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const QUOTES: [string, string][] = [['"', '"'], ["'", "'"], ['\u201c', '\u201d'], ['\u2018', '\u2019'], ['\u00ab', '\u00bb'], ['\u201e', '\u201c'], ['`', '`']];
const TRAILING = ['.', '!', '?', '!!', '...', ' .', '\u2026', ')', ' :)'];
const EMOJI = ['\u{1F621}', '\u{1F44D}', '\u{1F44D}\u{1F3FD}', '\u2764\ufe0f', '\u{1F1FA}\u{1F1F8}', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}'];

/** Full-width forms of ASCII letters (U+FF21…): what some keyboards send. */
const fullWidth = (text: string): string => text.replace(/[A-Za-z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 0xfee0));

/** One keyword as a phone might send it: any case, full-width or not, invisible characters inside, quoted, with emoji and punctuation after. */
function variantOf(keyword: string) {
  return fc
    .record({
      casing: fc.array(fc.boolean(), { minLength: keyword.length, maxLength: keyword.length }),
      wide: fc.boolean(),
      invisible: fc.array(fc.tuple(fc.nat(keyword.length), fc.constantFrom(...ZERO_WIDTH)), { maxLength: 3 }),
      quotes: fc.option(fc.constantFrom(...QUOTES), { nil: undefined }),
      emoji: fc.option(fc.constantFrom(...EMOJI), { nil: undefined }),
      trailing: fc.option(fc.constantFrom(...TRAILING), { nil: undefined }),
      spaces: fc.tuple(fc.constantFrom('', ' ', '  ', '\t', '\u00a0'), fc.constantFrom('', ' ', '\n', '\u3000')),
    })
    .map(({ casing, wide, invisible, quotes, emoji, trailing, spaces }) => {
      let text = [...keyword].map((letter, index) => (casing[index] ? letter.toLowerCase() : letter)).join('');
      if (wide) text = fullWidth(text);
      const characters = [...text];
      for (const [position, mark] of invisible) characters.splice(Math.min(position, characters.length), 0, mark);
      text = characters.join('');
      if (quotes) text = `${quotes[0]}${text}${quotes[1]}`;
      return `${spaces[0]}${text}${emoji ?? ''}${trailing ?? ''}${spaces[1]}`;
    });
}

/** Words that follow a keyword after a non-letter: "STOP, please", "stop!please". */
const tail = fc.tuple(fc.constantFrom(',', '.', '!', ' ', ' - ', '!', ':', ';', '\u{1F621}'), fc.constantFrom('please', 'Thanks', 'now', 'sending me these', 'PLEASE'));

describe('classifyInboundBody', () => {
  it('reads every opt-out keyword however the phone dressed it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPT_OUT_KEYWORDS).chain((keyword) => fc.tuple(fc.constant(keyword), variantOf(keyword))),
        ([keyword, body]) => {
          expect(classifyInboundBody(body)).toEqual({ action: 'opted_out', keyword });
        },
      ),
      { numRuns: 600 },
    );
  });

  it('opts out on an opt-out keyword as the first word, whatever punctuation follows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPT_OUT_KEYWORDS.filter((word) => !word.includes(' '))), tail, fc.boolean(), (keyword, [separator, words], lower) => {
        const body = `${lower ? keyword.toLowerCase() : keyword}${separator}${words}`;
        expect(classifyInboundBody(body).action).toBe('opted_out');
      }),
      { numRuns: 300 },
    );
  });

  it('reads every opt-in keyword dressed the same way, and only as the whole text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPT_IN_KEYWORDS).chain((keyword) => fc.tuple(fc.constant(keyword), variantOf(keyword), tail)),
        ([keyword, body, [separator, words]]) => {
          expect(classifyInboundBody(body)).toEqual({ action: 'opted_in', keyword });
          // Opting in is strict: more words after the keyword are not consent.
          expect(classifyInboundBody(`${keyword}${separator === ' ' ? ' ' : `${separator} `}${words}`).action).not.toBe('opted_in');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers help for a help keyword, dressed or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HELP_KEYWORDS).chain((keyword) => fc.tuple(fc.constant(keyword), variantOf(keyword))), ([keyword, body]) => {
        expect(classifyInboundBody(body)).toEqual({ action: 'help', keyword });
      }),
      { numRuns: 200 },
    );
  });

  it('leaves texts whose first word only starts like a keyword alone', () => {
    for (const body of ['Stopping by later', 'Ending soon?', 'Cancellation policy', 'Hello', 'Yesterday', 'Starting', 'Opting', 'Not STOP', 'Helpful']) {
      expect(classifyInboundBody(body).action, body).toBe('none');
    }
  });

  it('never throws and always answers one of the four actions, for any text at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (body) => {
        expect(['opted_out', 'opted_in', 'help', 'none']).toContain(classifyInboundBody(body).action);
      }),
      { numRuns: 1000 },
    );
  });

  it('handles the texts the hardening probes missed', () => {
    const probes: [string, string][] = [
      ['Stop, please', 'STOP'],
      ['STOP. Thanks', 'STOP'],
      ['stop!please', 'STOP'],
      ['opt-out', 'OPT OUT'],
      ['Opt out please', 'OPT OUT'],
      ['"STOP"', 'STOP'],
      ['ST\u200bOP', 'STOP'],
      ['\uff33\uff34\uff2f\uff30', 'STOP'],
      ['STOP\u{1F621}', 'STOP'],
    ];
    for (const [body, keyword] of probes) expect(classifyInboundBody(body), body).toEqual({ action: 'opted_out', keyword });
  });
});
