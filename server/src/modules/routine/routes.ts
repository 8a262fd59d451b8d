// Thin: contract → verb.
import { ROUTINE_ENDPOINTS as E } from '@fengqiao/contracts/routine/endpoints.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { createCheckin, listCheckins } from './checkins.ts';

export const routineRoutes: RouteDef[] = [
  route(E['routine.checkin'], (ctx, { body }) => createCheckin(ctx, body)),
  route(E['routine.checkins'], (ctx, { query }) => listCheckins(ctx, query)),
];
