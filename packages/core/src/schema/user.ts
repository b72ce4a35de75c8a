import * as z from 'zod/mini';
import { Timestamp, UserId, pageOf } from './common.js';
import { Permissions, Role } from './me.js';

export const User = z.object({
  id: UserId,
  name: z.string(),
  role: Role,
  permissions: Permissions,
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

const UserName = z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(200));

export const UserCreateInput = z.strictObject({
  name: UserName,
  role: z._default(Role, 'agent'),
  permissions: z.optional(z.partial(Permissions)),
});
export type UserCreateInput = z.input<typeof UserCreateInput>;

export const UserPatchInput = z.strictObject({
  name: z.optional(UserName),
  role: z.optional(Role),
  permissions: z.optional(z.partial(Permissions)),
});
export type UserPatchInput = z.input<typeof UserPatchInput>;

export const UserPage = pageOf(User);
export type UserPage = z.infer<typeof UserPage>;
