// What the public submit form needs without a session: the categories a citizen may choose, the
// regions served by a center to pick from (县 → 乡镇 → 村), and the portal's public address.
// Region names and the category dictionary are public information; nothing here is personal.
import {
  PORTAL_CATEGORY_ROOTS,
  type TPortalCategory,
  type TPortalOptions,
  type TPortalRegion,
  type TPortalRegionView,
} from '@fengqiao/contracts/portal/schemas.ts';
import { localDateOf } from '../../core/calendar.ts';
import type { Queryable } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';

/** Regions abolished by a 区划调整 are no longer offered. */
function current(ctx: RequestCtx, alias: string): SqlFragment {
  const today = localDateOf(ctx.clock.now());
  const col = sql.raw(`${alias}.valid_to`);
  return sql`(${col} IS NULL OR ${col} > ${today}::date)`;
}

interface CategoryRow {
  code: string;
  name: string;
  parent_code: string | null;
}

async function listCategories(db: Queryable): Promise<TPortalCategory[]> {
  const roots: readonly string[] = PORTAL_CATEGORY_ROOTS;
  const rows = await db.query<CategoryRow>(sql`
    SELECT code, name, parent_code FROM dict_item
    WHERE dict = 'matter_category' AND active
      AND (code = ANY(${roots}::text[]) OR parent_code = ANY(${roots}::text[]))
    ORDER BY sort_order, code`);
  return roots.flatMap((root) => {
    const node = rows.find((r) => r.code === root);
    const children = rows
      .filter((r) => r.parent_code === root)
      .map((r) => ({ code: r.code, name: r.name }));
    return node === undefined || children.length === 0
      ? []
      : [{ code: node.code, name: node.name, children }];
  });
}

/** The regions of centers that no other center lies above: where the citizen starts picking. */
async function servedRoots(ctx: RequestCtx): Promise<TPortalRegion[]> {
  return ctx.tx.query<TPortalRegion>(sql`
    SELECT r.code, r.name, r.level FROM region r
    WHERE EXISTS (SELECT 1 FROM unit c WHERE c.kind = 'center' AND c.region_code = r.code)
      AND NOT EXISTS (
        SELECT 1 FROM unit c WHERE c.kind = 'center' AND c.region_code <> r.code
          AND r.code LIKE c.region_code || '%')
      AND ${current(ctx, 'r')}
    ORDER BY r.code`);
}

export async function portalOptions(ctx: RequestCtx): Promise<TPortalOptions> {
  const base = ctx.deps.config.publicBaseUrl;
  return {
    categories: await listCategories(ctx.tx),
    regions: await servedRoots(ctx),
    publicBaseUrl: base === null ? null : base.replace(/\/+$/, ''),
  };
}

/**
 * A region with its chain from the served root and its children. Regions no center serves are
 * 404, like missing ones: the portal only offers where a request can be received.
 */
export async function portalRegion(ctx: RequestCtx, code: string): Promise<TPortalRegionView> {
  const root = await ctx.tx.maybeOne<{ code: string }>(sql`
    SELECT c.region_code AS code FROM unit c
    WHERE c.kind = 'center' AND ${code} LIKE c.region_code || '%'
    ORDER BY length(c.region_code), c.region_code LIMIT 1`);
  if (root === undefined) {
    throw notFound();
  }
  const chain = await ctx.tx.query<TPortalRegion>(sql`
    SELECT r.code, r.name, r.level FROM region r
    WHERE ${code} LIKE r.code || '%' AND length(r.code) >= ${root.code.length} AND ${current(ctx, 'r')}
    ORDER BY r.level`);
  const self = chain.at(-1);
  if (self?.code !== code) {
    throw notFound();
  }
  const children = await ctx.tx.query<TPortalRegion>(sql`
    SELECT r.code, r.name, r.level FROM region r
    WHERE r.parent_code = ${code} AND ${current(ctx, 'r')}
    ORDER BY r.code`);
  return { chain, children, submittable: self.level >= 4 };
}

/** Submissions may only use the categories the portal offers (a leaf under a public root). */
export async function assertPublicCategory(ctx: RequestCtx, code: string): Promise<void> {
  const roots: readonly string[] = PORTAL_CATEGORY_ROOTS;
  const row = await ctx.tx.maybeOne<{ parent_code: string | null }>(sql`
    SELECT parent_code FROM dict_item WHERE dict = 'matter_category' AND code = ${code} AND active`);
  if (row === undefined || row.parent_code === null || !roots.includes(row.parent_code)) {
    throw fieldError('categoryCode', '请从列表中选择诉求类别', 'not_found');
  }
}
