import { defineEndpoints } from '../endpoint.ts';
import {
  ZCalendarNotice,
  ZCalendarUpdateResult,
  ZCalendarYear,
  ZCalendarYearParams,
  ZProvisionalReport,
} from './schemas.ts';

// The holiday calendar is national data shared by every deployment unit, so no data scope.
export const CALENDAR_ENDPOINTS = defineEndpoints({
  'calendar.provisional': {
    method: 'GET',
    path: '/api/calendar/provisional',
    tag: 'calendar',
    summary: '尚未录入节假日安排的年份及受影响的临时期限',
    response: ZProvisionalReport,
    access: {
      permission: 'calendar.manage',
      scoped: false,
      pii: false,
      audit: false,
      idempotent: true,
    },
  },
  'calendar.get': {
    method: 'GET',
    path: '/api/calendar/:year',
    tag: 'calendar',
    summary: '查看某年节假日安排（含调休上班日）',
    params: ZCalendarYearParams,
    response: ZCalendarYear,
    access: { permission: 'org.read', scoped: false, pii: false, audit: false, idempotent: true },
  },
  'calendar.update': {
    method: 'PUT',
    path: '/api/calendar/:year',
    tag: 'calendar',
    summary: '按国务院办公厅通知录入或替换某年节假日安排，并重算受影响的期限',
    params: ZCalendarYearParams,
    body: ZCalendarNotice,
    response: ZCalendarUpdateResult,
    access: {
      permission: 'calendar.manage',
      scoped: false,
      pii: false,
      audit: true,
      idempotent: false,
    },
  },
});
