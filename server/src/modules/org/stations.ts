// 入驻: a department stationed at a 综治中心 — 常驻 resident, 轮驻 rotating, 随驻 on call.
import type { TFieldError } from '@fengqiao/contracts';
import { AppError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findUnitInScope } from './lookup.ts';
import { presentStation } from './presenter.ts';
import { OUT_OF_SCOPE, problem, throwIfProblems } from './problems.ts';
import {
  deleteStation as deleteStationRow,
  findStation,
  insertStation,
  listStations as listStationRows,
  stationExists,
} from './queries-grids.ts';

export async function listStations(
  ctx: RequestCtx,
  query: { centerId?: number | undefined; departmentId?: number | undefined },
) {
  const scope = ctx.scope();
  const problems: TFieldError[] = [];
  const center = query.centerId;
  if (center !== undefined && (await findUnitInScope(ctx.tx, center, scope)) === undefined) {
    problems.push(problem('centerId', 'not_found', `综治中心${OUT_OF_SCOPE}`));
  }
  const dept = query.departmentId;
  if (dept !== undefined && (await findUnitInScope(ctx.tx, dept, scope)) === undefined) {
    problems.push(problem('departmentId', 'not_found', `部门${OUT_OF_SCOPE}`));
  }
  throwIfProblems(problems);
  return (await listStationRows(ctx.tx, scope, query)).map(presentStation);
}

export async function createStation(
  ctx: RequestCtx,
  input: { centerId: number; departmentId: number; mode: string; timetable?: string | null },
) {
  const scope = ctx.scope();
  const center = await findUnitInScope(ctx.tx, input.centerId, scope);
  const dept = await findUnitInScope(ctx.tx, input.departmentId, scope);
  const problems: TFieldError[] = [];
  if (center === undefined) {
    problems.push(problem('centerId', 'not_found', `综治中心${OUT_OF_SCOPE}`));
  } else if (center.kind !== 'center') {
    problems.push(problem('centerId', 'not_center', '入驻的对象须为综治中心'));
  }
  if (dept === undefined) {
    problems.push(problem('departmentId', 'not_found', `部门${OUT_OF_SCOPE}`));
  } else if (dept.kind === 'center') {
    problems.push(problem('departmentId', 'is_center', '综治中心不能入驻另一个综治中心'));
  }
  if (problems.length > 0 || center === undefined || dept === undefined) {
    throw new AppError('request.invalid', { fields: problems });
  }
  if (await stationExists(ctx.tx, center.id, dept.id)) {
    throw new AppError('resource.conflict', {
      fields: [problem('departmentId', 'taken', '该部门已入驻此中心')],
    });
  }
  const id = await insertStation(
    ctx.tx,
    {
      centerId: center.id,
      departmentId: dept.id,
      mode: input.mode,
      timetable: input.timetable ?? null,
      regionCode: center.region_code,
    },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'org.stations.create',
    targetType: 'station',
    targetId: id,
    regionCode: center.region_code,
    details: { centerId: center.id, departmentId: dept.id, mode: input.mode },
  });
  const row = await findStation(ctx.tx, id, scope);
  if (row === undefined) {
    throw notFound();
  }
  return presentStation(row);
}

export async function deleteStation(ctx: RequestCtx, id: number) {
  const row = await findStation(ctx.tx, id, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  await deleteStationRow(ctx.tx, id);
  await ctx.audit({
    event: 'org.stations.delete',
    targetType: 'station',
    targetId: id,
    regionCode: row.region_code,
    details: { centerId: row.center_id, departmentId: row.department_id },
  });
  return { ok: true as const };
}
