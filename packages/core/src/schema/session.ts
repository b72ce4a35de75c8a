import * as z from 'zod';
import { Timestamp, UserId } from './common.js';
import { User } from './user.js';

export const SessionCreateInput = z.object({
  userId: UserId,
  ttlSeconds: z.number().int().min(1).max(86_400).default(3600),
});
export type SessionCreateInput = z.input<typeof SessionCreateInput>;

export const Session = z.object({
  token: z.string().startsWith('st_'),
  expiresAt: Timestamp,
  user: User,
});
export type Session = z.infer<typeof Session>;
