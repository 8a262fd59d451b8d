import type { TRegisterMatter } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { AppError } from '../../core/errors.ts';
import { pointInPolygon, type TPolygonGeometry } from '../../core/geo.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope } from '../../core/scope.ts';

function invalid(path: string, message: string): AppError {
  return new AppError('request.invalid', { fields: [{ path, code: 'not_found', message }] });
}

/**
 * Where a matter belongs: the region (in the caller's scope), refined to the grid's village when
 * a grid is named, or found by point-in-polygon when only a WGS-84 point is given.
 */
export async function resolvePlace(
  ctx: RequestCtx,
  input: TRegisterMatter,
): Promise<{ regionCode: string; gridCode: string | null }> {
  const scope = ctx.scope();
  const region = await ctx.tx.maybeOne(sql`SELECT 1 FROM region WHERE code = ${input.regionCode}`);
  if (region === undefined || !isCodeInScope(scope, input.regionCode)) {
    throw invalid('regionCode', '区划不存在或不在管辖范围内');
  }
  if (input.gridCode !== undefined) {
    const grid = await ctx.tx.maybeOne<{ region_code: string }>(
      sql`SELECT region_code FROM grid WHERE code = ${input.gridCode}`,
    );
    if (
      grid === undefined ||
      !grid.region_code.startsWith(input.regionCode) ||
      !isCodeInScope(scope, grid.region_code)
    ) {
      throw invalid('gridCode', '网格不存在或不属于所选区划');
    }
    return { regionCode: grid.region_code, gridCode: input.gridCode };
  }
  if (input.point !== undefined) {
    const { lon, lat } = input.point;
    const candidates = await ctx.tx.query<{
      code: string;
      region_code: string;
      geometry: TPolygonGeometry;
    }>(sql`
      SELECT code, region_code, geometry FROM grid
      WHERE region_code LIKE ${`${input.regionCode}%`} AND geometry IS NOT NULL
        AND min_lon <= ${lon} AND max_lon >= ${lon} AND min_lat <= ${lat} AND max_lat >= ${lat}
      ORDER BY code`);
    const hit = candidates.find((g) => pointInPolygon(lon, lat, g.geometry));
    if (hit !== undefined) {
      return { regionCode: hit.region_code, gridCode: hit.code };
    }
  }
  return { regionCode: input.regionCode, gridCode: null };
}
