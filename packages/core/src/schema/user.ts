import * as z from 'zod';
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

const UserName = z.string().trim().min(1, 'Name is required').max(200);

export const UserCreateInput = z.object({
  name: UserName,
  role: Role.default('agent'),
  permissions: Permissions.partial().optional(),
});
export type UserCreateInput = z.input<typeof UserCreateInput>;

export const UserPatchInput = z
  .object({ name: UserName.optional(), role: Role.optional(), permissions: Permissions.partial().optional() })
  .strict();
export type UserPatchInput = z.input<typeof UserPatchInput>;

export const UserPage = pageOf(User);
export type UserPage = z.infer<typeof UserPage>;
