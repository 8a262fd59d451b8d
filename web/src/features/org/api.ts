import { ENDPOINTS, type TImportReport } from '@fengqiao/contracts';
import type { TOut } from '../../api/client.ts';
import { ApiError, call, endpointUrl, request } from '../../api/client.ts';

export type TRegionNode = TOut<'org.regions.tree'>[number];
export type TRegion = TOut<'org.regions.get'>;
export type TUnitRow = TOut<'org.units.list'>['items'][number];
export type TGridRow = TOut<'org.grids.list'>['items'][number];
export type TStationRow = TOut<'org.stations.list'>[number];
export type TAssignmentRow = TOut<'org.gridAssignments.list'>[number];
export type TImportKind = 'units' | 'staff' | 'grids';

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

/** Units whose name contains `q`, for remote-search selects. */
export async function searchUnits(q: string, regionCode?: string): Promise<TUnitRow[]> {
  const query: { q?: string; regionCode?: string; limit: number } = { limit: 50 };
  if (q.trim() !== '') {
    query.q = q.trim();
  }
  if (regionCode !== undefined) {
    query.regionCode = regionCode;
  }
  return (await call('org.units.list', { query })).items;
}

export async function gridsIn(regionCode: string): Promise<TGridRow[]> {
  return (await call('org.grids.list', { query: { regionCode, limit: 500 } })).items;
}

/** Departments stationed at a center (常驻/轮驻/随驻): dispatchable even outside the region. */
export async function stationsAt(centerId: number): Promise<TStationRow[]> {
  return call('org.stations.list', { query: { centerId } });
}

const IMPORT_IDS = {
  units: 'org.import.units',
  staff: 'org.import.staff',
  grids: 'org.import.grids',
} as const;

export const IMPORT_LABELS: Record<TImportKind, string> = {
  units: '单位',
  staff: '人员',
  grids: '网格',
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uploads an .xlsx as the raw request body; the server answers with a per-row report. */
export const uploadImport = (
  kind: TImportKind,
  file: Blob,
  regionCode?: string,
): Promise<TImportReport> =>
  request(ENDPOINTS[IMPORT_IDS[kind]], {
    query: regionCode === undefined ? {} : { regionCode },
    raw: { data: file, type: XLSX },
  });

export function templateUrl(kind: TImportKind): string {
  return endpointUrl(ENDPOINTS['org.import.template'], { kind });
}

/** What a 409 resource.in_use counted, in words ("人员账号 3 个、下级单位 1 个"). */
const REFERENCE_LABELS: Record<string, string> = {
  region: '下级区划',
  unit: '下级单位或所属单位',
  grid: '网格',
  app_user: '人员账号',
  station: '部门入驻',
  grid_assignment: '网格员配置',
  matter: '事项',
};

export function describeInUse(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.body.code !== 'resource.in_use') {
    return null;
  }
  const refs = err.body.details?.references;
  if (refs === null || typeof refs !== 'object') {
    return err.body.message;
  }
  const parts = Object.entries(refs as Record<string, unknown>)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([k, n]) => `${REFERENCE_LABELS[k] ?? k} ${String(n)} 个`);
  return parts.length === 0 ? err.body.message : `${err.body.message}：仍有${parts.join('、')}`;
}
