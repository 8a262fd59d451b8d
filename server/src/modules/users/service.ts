import { separationViolation, type TRole } from '@fengqiao/contracts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findUnitInScope } from '../org/lookup.ts';
import { passwordProblems } from '../auth/account.ts';
import { endUserSessions, storePassword } from '../auth/credentials.ts';
import {
  clearThrottle,
  findUser,
  replaceRoles,
  setUserStatus,
  updateUserFields,
  usernameTaken,
  type UserRow,
} from './queries.ts';
import { presentUser } from './presenter.ts';
import { createAccount } from './accounts.ts';

async function loadUser(ctx: RequestCtx, id: number): Promise<UserRow> {
  const row = await findUser(ctx.tx, id, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  return row;
}

async function present(ctx: RequestCtx, id: number) {
  return presentUser(await loadUser(ctx, id), ctx.deps.cipher, ctx.clock.now());
}

export async function getUser(ctx: RequestCtx, id: number) {
  return present(ctx, id);
}

export async function createUser(
  ctx: RequestCtx,
  input: {
    username: string;
    displayName: string;
    unitId: number;
    phone?: string | null | undefined;
    initialPassword: string;
  },
) {
  const unit = await findUnitInScope(ctx.tx, input.unitId, ctx.scope());
  if (unit === undefined) {
    throw fieldError('unitId', '单位不存在或不在管辖范围内', 'not_found');
  }
  if (await usernameTaken(ctx.tx, input.username)) {
    throw new AppError('resource.conflict', {
      fields: [{ path: 'username', code: 'taken', message: '用户名已被使用' }],
    });
  }
  const problems = await passwordProblems(
    ctx,
    input.initialPassword,
    input.username,
    'initialPassword',
  );
  if (problems.length > 0) {
    throw new AppError('request.invalid', { fields: problems });
  }
  const id = await createAccount(ctx, {
    username: input.username,
    displayName: input.displayName,
    unitId: unit.id,
    regionCode: unit.region_code,
    phone: input.phone ?? null,
    password: input.initialPassword,
    roles: [],
  });
  await ctx.audit({
    event: 'users.create',
    targetType: 'user',
    targetId: id,
    regionCode: unit.region_code,
  });
  return present(ctx, id);
}

export async function updateUser(
  ctx: RequestCtx,
  id: number,
  input: {
    displayName?: string | undefined;
    unitId?: number | undefined;
    phone?: string | null | undefined;
  },
) {
  const before = await loadUser(ctx, id);
  let regionCode: string | undefined;
  if (input.unitId !== undefined) {
    const unit = await findUnitInScope(ctx.tx, input.unitId, ctx.scope());
    if (unit === undefined) {
      throw fieldError('unitId', '单位不存在或不在管辖范围内', 'not_found');
    }
    regionCode = unit.region_code;
  }
  await updateUserFields(
    ctx.tx,
    id,
    {
      displayName: input.displayName,
      unitId: input.unitId,
      regionCode,
      phoneEnc:
        input.phone === undefined
          ? undefined
          : input.phone === null
            ? null
            : ctx.deps.cipher.encrypt(input.phone),
    },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'users.update',
    targetType: 'user',
    targetId: id,
    regionCode: regionCode ?? before.region_code,
    details: {
      fields: Object.keys(input),
      fromUnit: before.unit_id,
      toUnit: input.unitId ?? before.unit_id,
    },
  });
  return present(ctx, id);
}

export async function disableUser(ctx: RequestCtx, id: number, reason: string) {
  const user = await loadUser(ctx, id);
  if (user.id === ctx.me().userId) {
    throw fieldError('id', '不能停用自己的账号', 'self');
  }
  await setUserStatus(ctx.tx, id, 'disabled', reason, ctx.clock.now());
  // A8: disabling ends live sessions at once
  await endUserSessions(ctx.tx, id);
  await ctx.audit({
    event: 'users.disable',
    targetType: 'user',
    targetId: id,
    regionCode: user.region_code,
    reason,
  });
  return present(ctx, id);
}

export async function enableUser(ctx: RequestCtx, id: number) {
  const user = await loadUser(ctx, id);
  await setUserStatus(ctx.tx, id, 'active', null, ctx.clock.now());
  await ctx.audit({
    event: 'users.enable',
    targetType: 'user',
    targetId: id,
    regionCode: user.region_code,
  });
  return present(ctx, id);
}

export async function resetPassword(ctx: RequestCtx, id: number, newPassword: string) {
  const user = await loadUser(ctx, id);
  const problems = await passwordProblems(ctx, newPassword, user.username, 'newPassword');
  if (problems.length > 0) {
    throw new AppError('request.invalid', { fields: problems });
  }
  await storePassword(ctx, id, newPassword, { mustChange: true });
  await endUserSessions(ctx.tx, id);
  await clearThrottle(ctx.tx, user.username);
  await ctx.audit({
    event: 'users.reset_password',
    targetType: 'user',
    targetId: id,
    regionCode: user.region_code,
  });
  return { ok: true as const };
}

export async function unlockUser(ctx: RequestCtx, id: number) {
  const user = await loadUser(ctx, id);
  await clearThrottle(ctx.tx, user.username);
  await ctx.audit({
    event: 'users.unlock',
    targetType: 'user',
    targetId: id,
    regionCode: user.region_code,
  });
  return { ok: true as const };
}

export async function setRoles(ctx: RequestCtx, id: number, roles: TRole[]) {
  const user = await loadUser(ctx, id);
  const actor = ctx.me();
  if (user.id === actor.userId) {
    throw new AppError('permission.self_grant');
  }
  const unique = [...new Set(roles)];
  if (separationViolation(unique) !== null) {
    throw new AppError('permission.separation_of_duties', {
      fields: [{ path: 'roles', code: 'separation', message: '三权分立：管理员角色不能兼任' }],
    });
  }
  await replaceRoles(ctx.tx, id, unique, actor.userId, ctx.clock.now());
  await ctx.audit({
    event: 'users.set_roles',
    targetType: 'user',
    targetId: id,
    regionCode: user.region_code,
    details: { before: user.roles, after: unique },
  });
  return present(ctx, id);
}
