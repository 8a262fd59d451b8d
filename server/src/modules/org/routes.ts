import type { RouteDef } from '../../core/http/context.ts';

export const orgRoutes: RouteDef[] = [];
