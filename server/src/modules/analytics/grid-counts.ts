// The grid map's colours: per grid under a region, the open and the overdue matters the caller
// may see (grids through the region scope, matters through THE matter scope).
import { OPEN_STATUSES } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope, scopeWhere } from '../../core/scope.ts';
import { matterScope } from '../matters/summary.ts';

export async function gridCounts(
  ctx: RequestCtx,
  q: { regionCode?: string | undefined },
): Promise<{ gridCode: string; name: string; open: number; overdue: number }[]> {
  const scope = ctx.scope();
  if (q.regionCode !== undefined && !isCodeInScope(scope, q.regionCode)) {
    throw fieldError('regionCode', '区划不存在或不在管辖范围内', 'not_found');
  }
  const region = q.regionCode ?? ctx.me().regionCode;
  const rows = await ctx.tx.query<{
    code: string;
    name: string;
    open: number;
    overdue: number;
  }>(sql`
    SELECT g.code, g.name, count(m.id)::int AS open,
      count(m.id) FILTER (WHERE m.warning = 'red')::int AS overdue
    FROM grid g
    LEFT JOIN matter m ON m.grid_code = g.code
      AND m.status = ANY(${[...OPEN_STATUSES]}::text[]) AND ${matterScope(scope)}
    WHERE g.region_code LIKE ${`${region}%`} AND ${scopeWhere(scope, sql`g.region_code`)}
    GROUP BY g.code, g.name ORDER BY g.code`);
  return rows.map((r) => ({ gridCode: r.code, name: r.name, open: r.open, overdue: r.overdue }));
}
