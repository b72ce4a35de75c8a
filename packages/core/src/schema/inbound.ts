import * as z from 'zod/mini';
import { ContactId } from './common.js';

export const InboundMessageInput = z.object({
  from: z.string().check(z.trim(), z.minLength(1, 'from is required'), z.maxLength(40)),
  to: z.optional(z.string().check(z.trim(), z.maxLength(40))),
  body: z.string().check(z.maxLength(2000)),
});
export type InboundMessageInput = z.input<typeof InboundMessageInput>;

export const InboundAction = z.enum(['opted_out', 'opted_in', 'help', 'none']);
export type InboundAction = z.infer<typeof InboundAction>;

export const InboundMessageResult = z.object({
  action: InboundAction,
  phone: z.string(),
  keyword: z.nullable(z.string()),
  contactIds: z.array(ContactId),
});
export type InboundMessageResult = z.infer<typeof InboundMessageResult>;

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'OPTIN', 'SUBSCRIBE', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

/** Invisible characters phones add: format controls (zero-width space, joiners, soft hyphen), variation selectors. */
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{20E3}]/gu;
/** Emoji separate words ("STOP😡please") and carry no keyword. */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]/gu;
const LEADING_NOISE = /^[\s\p{P}\p{S}]+/u;
const TRAILING_NOISE = /[\s\p{P}\p{S}]+$/u;
/** "OPT OUT", "opt-out", "Opt_out", "OPTOUT" at the start of the text. */
const OPT_OUT_PHRASE = /^OPT([\s\-_.]*)OUT(?!\p{L})/u;
const OPT_IN_PHRASE = /^OPT[\s\-_.]*IN$/u;

/**
 * An inbound body as the keyword matcher reads it: Unicode NFKC (full-width letters become
 * ASCII), invisible format characters and emoji dropped, surrounding quotes and punctuation
 * dropped, spaces collapsed, upper case.
 */
export function normalizeInboundBody(body: string): string {
  return body
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(EMOJI, ' ')
    .replace(/\s+/gu, ' ')
    .replace(LEADING_NOISE, '')
    .replace(TRAILING_NOISE, '')
    .toUpperCase();
}

const find = <T extends string>(words: readonly T[], text: string): T | undefined => words.find((word) => word === text);

/**
 * What an inbound text asks for. Opting out is lenient (the body is an opt-out keyword, or its
 * first word, the leading run of letters, is one: "Stop, please", "stop!please"), opting in is
 * strict (the whole body is an opt-in keyword), after `normalizeInboundBody`.
 */
export function classifyInboundBody(body: string): { action: InboundAction; keyword: string | null } {
  const text = normalizeInboundBody(body);
  const optIn = find(OPT_IN_KEYWORDS, text) ?? (OPT_IN_PHRASE.test(text) ? 'OPTIN' : undefined);
  if (optIn) return { action: 'opted_in', keyword: optIn };
  const phrase = OPT_OUT_PHRASE.exec(text);
  const firstWord = /^\p{L}+/u.exec(text)?.[0] ?? '';
  const optOut = find(OPT_OUT_KEYWORDS, text) ?? (phrase ? (phrase[1] ? 'OPT OUT' : 'OPTOUT') : find(OPT_OUT_KEYWORDS, firstWord));
  if (optOut) return { action: 'opted_out', keyword: optOut };
  const help = find(HELP_KEYWORDS, text);
  if (help) return { action: 'help', keyword: help };
  return { action: 'none', keyword: null };
}
