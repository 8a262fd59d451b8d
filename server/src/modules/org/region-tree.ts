// 区划树: the caller's scope root(s) down `depth` levels with unit and grid counts per node.
// Three queries whatever the tree size: regions, units per region, grids per region.
import type { TRegionNode } from '@fengqiao/contracts';
import { notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { scopeOf } from '../../core/scope.ts';
import {
  countPerRegion,
  findRegion,
  regionsInScope,
  scopeRoots,
  type RegionNodeRow,
} from './queries.ts';
import { CODE_LENGTHS } from './regions.ts';

/** Adds each region's own count to itself and every ancestor, so a node counts its subtree. */
function rollUp(rows: readonly { code: string; n: number }[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { code, n } of rows) {
    for (const len of CODE_LENGTHS) {
      if (len > code.length) {
        break;
      }
      const prefix = code.slice(0, len);
      totals.set(prefix, (totals.get(prefix) ?? 0) + n);
    }
  }
  return totals;
}

function buildNode(
  region: RegionNodeRow,
  childrenOf: Map<string, RegionNodeRow[]>,
  maxLevel: number,
  counts: { units: Map<string, number>; grids: Map<string, number> },
): TRegionNode {
  const children =
    region.level >= maxLevel
      ? []
      : (childrenOf.get(region.code) ?? []).map((c) => buildNode(c, childrenOf, maxLevel, counts));
  return {
    code: region.code,
    name: region.name,
    level: region.level,
    unitCount: counts.units.get(region.code) ?? 0,
    gridCount: counts.grids.get(region.code) ?? 0,
    children,
  };
}

/**
 * `depth` counts levels including the root: 1 is the root alone, 2 adds its children. Counts
 * are subtree totals (a township's gridCount sums its villages' grids).
 */
export async function regionTree(
  ctx: RequestCtx,
  query: { root?: string | undefined; depth: number },
): Promise<TRegionNode[]> {
  let roots: RegionNodeRow[];
  if (query.root === undefined) {
    roots = await scopeRoots(ctx.tx, ctx.scope());
  } else {
    const root = await findRegion(ctx.tx, query.root, ctx.scope());
    if (root === undefined) {
      throw notFound();
    }
    roots = [root];
  }
  if (roots.length === 0) {
    return [];
  }
  const treeScope = scopeOf(roots.map((r) => r.code));
  const deepest = Math.max(...roots.map((r) => r.level)) + query.depth - 1;
  const [regions, units, grids] = [
    await regionsInScope(ctx.tx, treeScope, deepest),
    await countPerRegion(ctx.tx, 'unit', treeScope),
    await countPerRegion(ctx.tx, 'grid', treeScope),
  ];
  const childrenOf = new Map<string, RegionNodeRow[]>();
  for (const r of regions) {
    const siblings = r.parent_code === null ? undefined : childrenOf.get(r.parent_code);
    if (siblings !== undefined) {
      siblings.push(r);
    } else if (r.parent_code !== null) {
      childrenOf.set(r.parent_code, [r]);
    }
  }
  const counts = { units: rollUp(units), grids: rollUp(grids) };
  return roots.map((root) => buildNode(root, childrenOf, root.level + query.depth - 1, counts));
}
