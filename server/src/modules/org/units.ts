// 单位 (units): 综治中心, 职能部门, 调解组织. A center sits at the region of its level.
import { CENTER_LEVELS, type TFieldError } from '@fengqiao/contracts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findRegionInScope, findUnitInScope } from './lookup.ts';
import { presentUnit } from './presenter.ts';
import { OUT_OF_SCOPE, problem, throwIfProblems } from './problems.ts';
import {
  deleteUnit as deleteUnitRow,
  findUnit,
  insertUnit,
  listUnits as listUnitRows,
  unitAncestry,
  unitNameTaken,
  unitReferences,
  updateUnit as updateUnitRow,
  type UnitRow,
  type UnitValues,
} from './queries.ts';

/** 县级 centers sit at 6-digit regions, 乡镇 at 9, 村（社区） at 12. */
const CENTER_CODE_LENGTH = { county: 6, township: 9, village: 12 } as const;

type UnitInput = Partial<Omit<UnitValues, 'name' | 'kind' | 'regionCode'>> & {
  name?: string | undefined;
  kind?: UnitValues['kind'] | undefined;
  regionCode?: string | undefined;
};

function kindProblems(v: UnitValues): TFieldError[] {
  const out: TFieldError[] = [];
  if (v.kind === 'center' && v.centerLevel === null) {
    out.push(problem('centerLevel', 'required', '综治中心须填写层级（县、乡镇、村）'));
  }
  if (v.kind !== 'center' && v.centerLevel !== null) {
    out.push(problem('centerLevel', 'not_center', '只有综治中心有层级'));
  }
  if (v.kind === 'department' && v.departmentType === null) {
    out.push(problem('departmentType', 'required', '职能部门须填写部门类别'));
  }
  if (v.centerLevel !== null && v.regionCode.length !== CENTER_CODE_LENGTH[v.centerLevel]) {
    const want = CENTER_CODE_LENGTH[v.centerLevel];
    const message = `${CENTER_LEVELS[v.centerLevel]}综治中心应设在 ${want} 位代码的区划`;
    out.push(problem('centerLevel', 'level_mismatch', message));
  }
  return out;
}

/**
 * Every rule a unit's values must meet beyond the schema: region and parent in scope, center
 * level matching the region, no parent cycle, name unique within the region.
 */
export async function unitProblems(
  ctx: RequestCtx,
  v: UnitValues,
  selfId: number | null,
): Promise<TFieldError[]> {
  const scope = ctx.scope();
  const out = kindProblems(v);
  const region = await findRegionInScope(ctx.tx, v.regionCode, scope);
  if (region === undefined) {
    out.push(problem('regionCode', 'not_found', `区划${OUT_OF_SCOPE}`));
  }
  if (v.parentId !== null) {
    const parent = await findUnitInScope(ctx.tx, v.parentId, scope);
    if (parent === undefined) {
      out.push(problem('parentId', 'not_found', `上级单位${OUT_OF_SCOPE}`));
    } else if (selfId !== null && (await unitAncestry(ctx.tx, parent.id)).includes(selfId)) {
      out.push(problem('parentId', 'cycle', '上级单位不能是本单位或其下级单位'));
    }
  }
  if (region !== undefined && (await unitNameTaken(ctx.tx, v.regionCode, v.name, selfId))) {
    out.push(problem('name', 'taken', '同一区划下已有同名单位'));
  }
  return out;
}

async function loadUnit(ctx: RequestCtx, id: number): Promise<UnitRow> {
  const row = await findUnit(ctx.tx, id, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  return row;
}

export async function getUnit(ctx: RequestCtx, id: number) {
  return presentUnit(await loadUnit(ctx, id));
}

export async function listUnits(
  ctx: RequestCtx,
  query: {
    regionCode?: string | undefined;
    kind?: string | undefined;
    q?: string | undefined;
    limit: number;
    after?: number | undefined;
  },
) {
  const scope = ctx.scope();
  if (query.regionCode !== undefined) {
    if ((await findRegionInScope(ctx.tx, query.regionCode, scope)) === undefined) {
      throw fieldError('regionCode', `区划${OUT_OF_SCOPE}`, 'not_found');
    }
  }
  const rows = await listUnitRows(ctx.tx, scope, query, query);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentUnit),
    nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null,
  };
}

function valuesOf(input: UnitInput, base: UnitValues): UnitValues {
  const pick = <K extends keyof UnitValues>(k: K): UnitValues[K] => {
    const v = input[k];
    return v === undefined ? base[k] : (v as UnitValues[K]);
  };
  return {
    name: pick('name'),
    kind: pick('kind'),
    departmentType: pick('departmentType'),
    centerLevel: pick('centerLevel'),
    grade: pick('grade'),
    regionCode: pick('regionCode'),
    parentId: pick('parentId'),
    phone: pick('phone'),
    address: pick('address'),
    officeHours: pick('officeHours'),
  };
}

const EMPTY_UNIT: Omit<UnitValues, 'name' | 'kind' | 'regionCode'> = {
  departmentType: null,
  centerLevel: null,
  grade: null,
  parentId: null,
  phone: null,
  address: null,
  officeHours: null,
};

export async function createUnit(
  ctx: RequestCtx,
  input: UnitInput & { name: string; kind: UnitValues['kind']; regionCode: string },
) {
  const base = { ...EMPTY_UNIT, name: input.name, kind: input.kind, regionCode: input.regionCode };
  const values = valuesOf(input, base);
  throwIfProblems(await unitProblems(ctx, values, null));
  const id = await insertUnit(ctx.tx, values, ctx.clock.now());
  await ctx.audit({
    event: 'org.units.create',
    targetType: 'unit',
    targetId: id,
    regionCode: values.regionCode,
    details: { kind: values.kind },
  });
  return getUnit(ctx, id);
}

function rowValues(row: UnitRow): UnitValues {
  return {
    name: row.name,
    kind: row.kind,
    departmentType: row.department_type,
    centerLevel: row.center_level,
    grade: row.grade,
    regionCode: row.region_code,
    parentId: row.parent_id,
    phone: row.phone,
    address: row.address,
    officeHours: row.office_hours,
  };
}

export async function updateUnit(ctx: RequestCtx, id: number, input: UnitInput) {
  const before = await loadUnit(ctx, id);
  const values = valuesOf(input, rowValues(before));
  throwIfProblems(await unitProblems(ctx, values, id));
  // Users and stations carry the unit's region for their own scope; moving the unit under them
  // would silently re-scope them, so a unit moves only once nothing hangs off it.
  const moves = values.regionCode !== before.region_code;
  if (moves || values.kind !== before.kind) {
    const references = await unitReferences(ctx.tx, id);
    const blocking = moves ? references : { station: references.station ?? 0 };
    if (Object.values(blocking).some((n) => n > 0)) {
      throw new AppError('resource.in_use', { details: { references: blocking } });
    }
  }
  await updateUnitRow(ctx.tx, id, values, ctx.clock.now());
  await ctx.audit({
    event: 'org.units.update',
    targetType: 'unit',
    targetId: id,
    regionCode: values.regionCode,
    details: { fields: Object.keys(input), fromRegion: before.region_code },
  });
  return getUnit(ctx, id);
}

export async function deleteUnit(ctx: RequestCtx, id: number) {
  const unit = await loadUnit(ctx, id);
  const references = await unitReferences(ctx.tx, id);
  if (Object.keys(references).length > 0) {
    throw new AppError('resource.in_use', { details: { references } });
  }
  await deleteUnitRow(ctx.tx, id);
  await ctx.audit({
    event: 'org.units.delete',
    targetType: 'unit',
    targetId: id,
    regionCode: unit.region_code,
  });
  return { ok: true as const };
}
