// 网格 (grids): code = 12-digit village code + 3-digit sequence; optional GeoJSON boundary,
// validated once by core/geo.ts and stored with its bounding box for fast map queries.
import type { TFieldError } from '@fengqiao/contracts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import { validatePolygon } from '../../core/geo.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { findRegionInScope } from './lookup.ts';
import { presentGrid } from './presenter.ts';
import { OUT_OF_SCOPE, problem, throwIfProblems } from './problems.ts';
import {
  deleteGrid as deleteGridRow,
  findGrid,
  gridCodeTaken,
  gridReferences,
  gridWorkers,
  insertGrid,
  listGrids as listGridRows,
  updateGrid as updateGridRow,
  type GridRow,
  type GridWorkerRow,
  type GridValues,
} from './queries-grids.ts';

type Geometry = GridValues['geometry'];
const MAX_PARTS = 2000;

/**
 * A boundary from the API or an import: a Polygon/MultiPolygon geometry or a Feature holding
 * one. undefined = not given, null = none; a failure carries validatePolygon's Chinese message.
 */
export function parseGridGeometry(input: unknown): { geometry: Geometry } | { error: TFieldError } {
  if (input === undefined || input === null) {
    return { geometry: input };
  }
  const geometry =
    typeof input === 'object' && (input as { type?: unknown }).type === 'Feature'
      ? (input as { geometry?: unknown }).geometry
      : input;
  const result = validatePolygon(geometry);
  if (!result.ok) {
    return { error: problem('geometry', result.code, `网格边界无效：${result.message}`) };
  }
  // the response schema caps a geometry's parts; refuse what could be stored but never shown
  if (result.value.coordinates.length > MAX_PARTS) {
    return { error: problem('geometry', 'geo.too_many_parts', `网格边界最多 ${MAX_PARTS} 个部分`) };
  }
  return { geometry: { value: result.value, bbox: result.bbox } };
}

/** Rules for a new grid beyond the schema: its village exists in scope and the code is free. */
export async function gridProblems(ctx: RequestCtx, code: string): Promise<TFieldError[]> {
  const village = await findRegionInScope(ctx.tx, code.slice(0, 12), ctx.scope());
  if (village === undefined || village.level !== 5) {
    return [problem('code', 'not_found', `网格编码前 12 位对应的村（社区）${OUT_OF_SCOPE}`)];
  }
  if (await gridCodeTaken(ctx.tx, code)) {
    return [problem('code', 'taken', '该网格编码已存在')];
  }
  return [];
}

async function loadGrid(ctx: RequestCtx, code: string): Promise<GridRow> {
  const row = await findGrid(ctx.tx, code, ctx.scope());
  if (row === undefined) {
    throw notFound();
  }
  return row;
}

export async function getGrid(ctx: RequestCtx, code: string) {
  const row = await loadGrid(ctx, code);
  return presentGrid(row, await gridWorkers(ctx.tx, [row.code]), true);
}

/** Workers of a page of grids in one query, grouped by grid code. */
async function workersByGrid(ctx: RequestCtx, codes: readonly string[]) {
  const byGrid = new Map<string, GridWorkerRow[]>();
  for (const w of await gridWorkers(ctx.tx, codes)) {
    const list = byGrid.get(w.grid_code);
    if (list === undefined) {
      byGrid.set(w.grid_code, [w]);
    } else {
      list.push(w);
    }
  }
  return byGrid;
}

export async function listGrids(
  ctx: RequestCtx,
  query: { regionCode?: string | undefined; withGeometry: string; limit: number; after?: string },
) {
  const scope = ctx.scope();
  if (query.regionCode !== undefined) {
    if ((await findRegionInScope(ctx.tx, query.regionCode, scope)) === undefined) {
      throw fieldError('regionCode', `区划${OUT_OF_SCOPE}`, 'not_found');
    }
  }
  const withGeometry = query.withGeometry === 'true';
  const rows = await listGridRows(ctx.tx, scope, { ...query, withGeometry });
  const page = rows.slice(0, query.limit);
  const workers = await workersByGrid(
    ctx,
    page.map((r) => r.code),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => presentGrid(r, workers.get(r.code) ?? [], withGeometry)),
    nextCursor: rows.length > query.limit && last !== undefined ? last.code : null,
  };
}

function geometryOrThrow(input: unknown): Geometry {
  const parsed = parseGridGeometry(input);
  if ('error' in parsed) {
    throw new AppError('request.invalid', { fields: [parsed.error] });
  }
  return parsed.geometry;
}

export async function createGrid(
  ctx: RequestCtx,
  input: {
    code: string;
    name: string;
    kind: GridValues['kind'];
    households?: number | null | undefined;
    population?: number | null | undefined;
    geometry?: unknown;
  },
) {
  const geometry = geometryOrThrow(input.geometry);
  throwIfProblems(await gridProblems(ctx, input.code));
  const regionCode = input.code.slice(0, 12);
  await insertGrid(
    ctx.tx,
    {
      code: input.code,
      regionCode,
      name: input.name,
      kind: input.kind,
      households: input.households ?? null,
      population: input.population ?? null,
      geometry: geometry ?? null,
    },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'org.grids.create',
    targetType: 'grid',
    targetId: input.code,
    regionCode,
    details: { hasGeometry: geometry !== undefined && geometry !== null },
  });
  return getGrid(ctx, input.code);
}

export async function updateGrid(
  ctx: RequestCtx,
  code: string,
  input: {
    name?: string | undefined;
    kind?: GridValues['kind'] | undefined;
    households?: number | null | undefined;
    population?: number | null | undefined;
    geometry?: unknown;
  },
) {
  const before = await loadGrid(ctx, code);
  const geometry = geometryOrThrow(input.geometry);
  await updateGridRow(
    ctx.tx,
    code,
    {
      name: input.name ?? before.name,
      kind: input.kind ?? before.kind,
      households: input.households === undefined ? before.households : input.households,
      population: input.population === undefined ? before.population : input.population,
      ...(geometry === undefined ? {} : { geometry }),
    },
    ctx.clock.now(),
  );
  await ctx.audit({
    event: 'org.grids.update',
    targetType: 'grid',
    targetId: code,
    regionCode: before.region_code,
    details: { fields: Object.keys(input) },
  });
  return getGrid(ctx, code);
}

export async function deleteGrid(ctx: RequestCtx, code: string) {
  const grid = await loadGrid(ctx, code);
  const references = await gridReferences(ctx.tx, code);
  if (Object.keys(references).length > 0) {
    throw new AppError('resource.in_use', { details: { references } });
  }
  await deleteGridRow(ctx.tx, code);
  await ctx.audit({
    event: 'org.grids.delete',
    targetType: 'grid',
    targetId: code,
    regionCode: grid.region_code,
  });
  return { ok: true as const };
}
