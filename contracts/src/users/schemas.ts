import { z } from '../zod.ts';
import { ZId, ZName, ZTimestamp } from '../common.ts';
import { ROLES } from '../permissions.ts';
import { ZUsername } from '../auth/schemas.ts';

export const ZRoleKey = z.enum(
  Object.keys(ROLES) as [keyof typeof ROLES, ...(keyof typeof ROLES)[]],
);

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['active', 'disabled', 'left']),
  disabledReason: z.string().nullable(),
  lockedUntil: ZTimestamp.nullable(),
  totpEnrolled: z.boolean(),
  lastLoginAt: ZTimestamp.nullable(),
  mustChangePassword: z.boolean(),
  isDemo: z.boolean(),
});
export type TUser = z.infer<typeof ZUser>;

const ZPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号格式不正确');

export const ZCreateUser = z
  .object({
    username: ZUsername,
    displayName: ZName,
    unitId: ZId,
    phone: ZPhone.nullable().optional(),
    initialPassword: z.string().min(1).max(200),
  })
  .strict();
export const ZUpdateUser = z
  .object({
    displayName: ZName.optional(),
    unitId: ZId.optional(),
    phone: ZPhone.nullable().optional(),
  })
  .strict();
export const ZUserListQuery = z
  .object({
    unitId: ZId.optional(),
    q: z.string().trim().max(50).optional(),
    status: z.enum(['active', 'disabled', 'left']).optional(),
    role: ZRoleKey.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict();
export const ZDisableUser = z.object({ reason: z.string().trim().min(2).max(200) }).strict();
export const ZResetPassword = z.object({ newPassword: z.string().min(1).max(200) }).strict();
export const ZSetRoles = z.object({ roles: z.array(ZRoleKey).max(5) }).strict();
