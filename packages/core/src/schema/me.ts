import * as z from 'zod/mini';
import { AccountId, UserId } from './common.js';

export const Permissions = z.object({
  editContacts: z.boolean(),
  deleteContacts: z.boolean(),
  deleteAllContacts: z.boolean(),
  importContacts: z.boolean(),
  manageLists: z.boolean(),
  exportContacts: z.boolean(),
  manageWebhooks: z.boolean(),
});
export type Permissions = z.infer<typeof Permissions>;
export type Permission = keyof Permissions;

export const Role = z.enum(['admin', 'agent']);
export type Role = z.infer<typeof Role>;

export const Account = z.object({ id: AccountId, name: z.string(), defaultCountry: z.string() });
export type Account = z.infer<typeof Account>;

export const Me = z.object({
  account: Account,
  user: z.nullable(z.object({ id: UserId, name: z.string(), role: Role })),
  permissions: Permissions,
});
export type Me = z.infer<typeof Me>;

/** What each role may do until an administrator switches a permission. */
export const ROLE_PERMISSIONS: Record<Role, Permissions> = {
  admin: {
    editContacts: true,
    deleteContacts: true,
    deleteAllContacts: true,
    importContacts: true,
    manageLists: true,
    exportContacts: true,
    manageWebhooks: true,
  },
  agent: {
    editContacts: true,
    deleteContacts: false,
    deleteAllContacts: false,
    importContacts: true,
    manageLists: true,
    exportContacts: false,
    manageWebhooks: false,
  },
};
