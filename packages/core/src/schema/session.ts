import * as z from 'zod/mini';
import { Timestamp, UserId } from './common.js';
import { User } from './user.js';

export const SessionCreateInput = z.strictObject({
  userId: UserId,
  ttlSeconds: z._default(z.int().check(z.minimum(1), z.maximum(86_400)), 3600),
});
export type SessionCreateInput = z.input<typeof SessionCreateInput>;

export const Session = z.object({
  token: z.string().check(z.startsWith('st_')),
  expiresAt: Timestamp,
  user: User,
});
export type Session = z.infer<typeof Session>;
