import type { TOut } from '../../api/client.ts';
import { call } from '../../api/client.ts';

export type TRegionNode = TOut<'org.regions.tree'>[number];
export type TUnitRow = TOut<'org.units.list'>['items'][number];
export type TGridRow = TOut<'org.grids.list'>['items'][number];
export type TStationRow = TOut<'org.stations.list'>[number];

/** A region with its direct children (depth 2 returns the root and one level below). */
export async function regionWithChildren(code?: string): Promise<TRegionNode | null> {
  const tree = await call('org.regions.tree', {
    query: code === undefined ? { depth: 2 } : { root: code, depth: 2 },
  });
  return tree[0] ?? null;
}

export async function topRegions(): Promise<TRegionNode[]> {
  return call('org.regions.tree', { query: { depth: 1 } });
}

export async function unitsIn(regionCode: string, kind?: TUnitRow['kind']): Promise<TUnitRow[]> {
  const page = await call('org.units.list', {
    query: kind === undefined ? { regionCode, limit: 500 } : { regionCode, kind, limit: 500 },
  });
  return page.items;
}

export async function gridsIn(regionCode: string): Promise<TGridRow[]> {
  return (await call('org.grids.list', { query: { regionCode, limit: 500 } })).items;
}

/** Departments stationed at a center (常驻/轮驻/随驻): dispatchable even outside the region. */
export async function stationsAt(centerId: number): Promise<TStationRow[]> {
  return call('org.stations.list', { query: { centerId } });
}
