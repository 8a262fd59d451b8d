import { ENDPOINTS } from '@fengqiao/contracts';
import { route, type RouteDef } from '../../core/http/context.ts';

/** Health answers from what was cached at start, so it never waits on the database. */
export const systemRoutes: RouteDef[] = [
  route(
    ENDPOINTS['system.health'],
    (ctx) =>
      Promise.resolve({
        status: 'ok' as const,
        database: ctx.deps.info.database,
        migration: ctx.deps.info.migration,
        mode: ctx.deps.config.mode,
        version: ctx.deps.info.version,
        startedAt: ctx.deps.info.startedAt,
      }),
    { transaction: false },
  ),
];
