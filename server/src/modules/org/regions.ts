// 区划 (regions): get, create, update, delete. Codes are the materialized path of the tree
// (GB/T 2260 + 统计用区划代码): 2 → 4 → 6 → 9 → 12 digits, each level extending its parent.
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { presentRegion } from './presenter.ts';
import { OUT_OF_SCOPE } from './problems.ts';
import {
  deleteRegion as deleteRegionRow,
  findRegion,
  insertRegion,
  regionCodeTaken,
  regionReferences,
  updateRegion as updateRegionRow,
  type RegionRow,
} from './queries.ts';

export const CODE_LENGTHS = [2, 4, 6, 9, 12] as const;

/** Region level (1 省 … 5 村) of a code length, or 0 for a length no region has. */
export function levelOfLength(length: number): number {
  return (CODE_LENGTHS as readonly number[]).indexOf(length) + 1;
}

export function childLength(length: number): number | undefined {
  return CODE_LENGTHS[levelOfLength(length)];
}

export function parentCodeOf(code: string): string | null {
  const level = levelOfLength(code.length);
  const len = level > 1 ? CODE_LENGTHS[level - 2] : undefined;
  return len === undefined ? null : code.slice(0, len);
}

async function loadRegion(ctx: RequestCtx, code: string): Promise<RegionRow> {
  const row = await findRegion(ctx.tx, code, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  return row;
}

export async function getRegion(ctx: RequestCtx, code: string) {
  return presentRegion(await loadRegion(ctx, code));
}

export async function createRegion(
  ctx: RequestCtx,
  input: { code: string; name: string; parentCode: string; validFrom?: string | undefined },
) {
  const parent = await findRegion(ctx.tx, input.parentCode, ctx.scope());
  if (parent === undefined) {
    throw fieldError('parentCode', `上级区划${OUT_OF_SCOPE}`, 'not_found');
  }
  const want = childLength(input.parentCode.length);
  if (
    want === undefined ||
    input.code.length !== want ||
    !input.code.startsWith(input.parentCode)
  ) {
    const message =
      want === undefined
        ? '村（社区）级区划下不能再设下级区划'
        : `区划代码应为上级代码 ${input.parentCode} 后加 ${want - input.parentCode.length} 位数字`;
    throw new AppError('org.invalid_parent', {
      fields: [{ path: 'code', code: 'invalid_parent', message }],
    });
  }
  if (await regionCodeTaken(ctx.tx, input.code)) {
    throw new AppError('resource.conflict', {
      fields: [{ path: 'code', code: 'taken', message: '该区划代码已存在' }],
    });
  }
  await insertRegion(
    ctx.tx,
    {
      code: input.code,
      name: input.name,
      level: levelOfLength(input.code.length),
      parentCode: input.parentCode,
      validFrom: input.validFrom ?? null,
    },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'org.regions.create',
    targetType: 'region',
    targetId: input.code,
    regionCode: input.code,
  });
  return getRegion(ctx, input.code);
}

export async function updateRegion(
  ctx: RequestCtx,
  code: string,
  input: { name?: string | undefined; validTo?: string | null | undefined },
) {
  const before = await loadRegion(ctx, code);
  const validTo = input.validTo;
  if (validTo !== undefined && validTo !== null && before.valid_from !== null) {
    if (validTo < before.valid_from) {
      throw fieldError('validTo', '失效日期不能早于生效日期', 'range');
    }
  }
  await updateRegionRow(ctx.tx, code, input, ctx.clock.now());
  await ctx.audit({
    event: 'org.regions.update',
    targetType: 'region',
    targetId: code,
    regionCode: code,
    details: { fields: Object.keys(input) },
  });
  return getRegion(ctx, code);
}

export async function deleteRegion(ctx: RequestCtx, code: string) {
  await loadRegion(ctx, code);
  const references = await regionReferences(ctx.tx, code);
  if (Object.keys(references).length > 0) {
    throw new AppError('resource.in_use', { details: { references } });
  }
  await deleteRegionRow(ctx.tx, code);
  await ctx.audit({
    event: 'org.regions.delete',
    targetType: 'region',
    targetId: code,
    regionCode: code,
  });
  return { ok: true as const };
}
