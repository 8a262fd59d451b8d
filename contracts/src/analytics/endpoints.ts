// Reporting endpoints over matters: the leader dashboard, the grid map's counts and the Excel
// export of the current list. All read through THE matter scope.
import { z } from '../zod.ts';
import { defineEndpoints, type TAccess } from '../endpoint.ts';
import {
  ZDashboard,
  ZDashboardQuery,
  ZGridCount,
  ZGridCountsQuery,
  ZMatterExportQuery,
} from './schemas.ts';

const read: TAccess = {
  permission: 'matter.read',
  scoped: true,
  pii: false,
  audit: false,
  idempotent: true,
};

export const ANALYTICS_ENDPOINTS = defineEndpoints({
  'analytics.dashboard': {
    method: 'GET',
    path: '/api/analytics/dashboard',
    tag: 'analytics',
    summary: '领导驾驶舱：受理、结案、按期、超期、满意度、就地化解及分布与趋势',
    query: ZDashboardQuery,
    response: ZDashboard,
    access: read,
  },
  'matters.gridCounts': {
    method: 'GET',
    path: '/api/matters/grid-counts',
    tag: 'matters',
    summary: '网格地图：各网格在办、超期事项数',
    query: ZGridCountsQuery,
    response: z.array(ZGridCount),
    access: read,
  },
  'matters.export': {
    method: 'GET',
    path: '/api/matters/export',
    tag: 'matters',
    summary: '导出当前列表为 Excel（脱敏，注明导出人和时间，最多 10000 行）',
    query: ZMatterExportQuery,
    response: z.unknown(),
    binary: true,
    // exports are audited with row count and file hash (SECURITY.md E4, C1) and rate-limited (D4)
    access: { ...read, pii: true, audit: true, rateLimit: { max: 10, windowSeconds: 60 } },
  },
});
