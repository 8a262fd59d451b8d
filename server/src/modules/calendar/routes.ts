import { CALENDAR_ENDPOINTS } from '@fengqiao/contracts/calendar/endpoints.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { getCalendarYear, provisionalReport, updateCalendarYear } from './service.ts';

export const calendarRoutes: RouteDef[] = [
  route(CALENDAR_ENDPOINTS['calendar.provisional'], (ctx) => provisionalReport(ctx.tx)),
  route(CALENDAR_ENDPOINTS['calendar.get'], (ctx, { params }) =>
    getCalendarYear(ctx.tx, params.year),
  ),
  route(CALENDAR_ENDPOINTS['calendar.update'], (ctx, { params, body }) =>
    updateCalendarYear(ctx, params.year, body),
  ),
];
