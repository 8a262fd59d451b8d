import type { ENDPOINTS } from '@fengqiao/contracts';
import { call, type RequestInput, type TOut } from '../../api/client.ts';

export type TDashboard = TOut<'analytics.dashboard'>;
export type TDashboardQuery = NonNullable<
  RequestInput<(typeof ENDPOINTS)['analytics.dashboard']>['query']
>;
export type TGranularity = TDashboard['granularity'];
export type TGridCount = TOut<'matters.gridCounts'>[number];
export type TGrid = TOut<'org.grids.list'>['items'][number];
export type TRegion = TOut<'org.regions.get'>;
export type TMatterSummary = TOut<'matters.list'>['items'][number];

export const fetchDashboard = (query: TDashboardQuery) => call('analytics.dashboard', { query });

export const fetchGridCounts = (regionCode: string) =>
  call('matters.gridCounts', { query: { regionCode } });

export const fetchRegion = (code: string) => call('org.regions.get', { params: { code } });

const GRID_PAGE = 2000;

/** Every grid under a region with its boundary, following the keyset cursor. */
export async function fetchGridsWithGeometry(regionCode: string): Promise<TGrid[]> {
  const out: TGrid[] = [];
  let after: string | undefined;
  // a county has a few thousand grids at most; the cap guards against a cursor that never ends
  for (let page = 0; page < 20; page += 1) {
    const res = await call('org.grids.list', {
      query: {
        regionCode,
        withGeometry: 'true',
        limit: GRID_PAGE,
        ...(after === undefined ? {} : { after }),
      },
    });
    out.push(...res.items);
    if (res.nextCursor === null) {
      break;
    }
    after = res.nextCursor;
  }
  return out;
}

/** The matters of one grid, newest first (the map's side panel). */
export const fetchGridMatters = (gridCode: string) =>
  call('matters.list', { query: { gridCode, box: 'all', sort: 'newest', limit: 50 } });
