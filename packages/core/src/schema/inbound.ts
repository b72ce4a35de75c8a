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

/**
 * What an inbound text asks for. Matching is case-insensitive on the trimmed body with
 * trailing punctuation removed; opting out is lenient (the body or its first word is a
 * keyword), opting in is strict (the whole body is a keyword).
 */
export function classifyInboundBody(body: string): { action: InboundAction; keyword: string | null } {
  const normalized = body.trim().replace(/[\s\p{P}]+$/u, '').replace(/\s+/g, ' ').toUpperCase();
  const optIn = OPT_IN_KEYWORDS.find((word) => word === normalized);
  if (optIn) return { action: 'opted_in', keyword: optIn };
  const firstWord = normalized.split(' ')[0] ?? '';
  const optOut =
    OPT_OUT_KEYWORDS.find((word) => word === normalized) ??
    OPT_OUT_KEYWORDS.find((word) => word === firstWord) ??
    (normalized.startsWith('OPT OUT ') ? 'OPT OUT' : undefined);
  if (optOut) return { action: 'opted_out', keyword: optOut };
  const help = HELP_KEYWORDS.find((word) => word === normalized);
  if (help) return { action: 'help', keyword: help };
  return { action: 'none', keyword: null };
}
