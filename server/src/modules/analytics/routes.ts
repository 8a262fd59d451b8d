// Thin: contract → verb. The export route lives with the matters (matters/export.ts).
import { ANALYTICS_ENDPOINTS as E } from '@fengqiao/contracts/analytics/endpoints.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { dashboard } from './dashboard.ts';
import { gridCounts } from './grid-counts.ts';

export const analyticsRoutes: RouteDef[] = [
  route(E['analytics.dashboard'], (ctx, { query }) => dashboard(ctx, query)),
  route(E['matters.gridCounts'], (ctx, { query }) => gridCounts(ctx, query)),
];
