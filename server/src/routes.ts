import type { RouteDef } from './core/http/context.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { matterRoutes } from './modules/matters/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { attachmentRoutes } from './modules/attachments/routes.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { policyRoutes } from './modules/policies/routes.ts';
import { portalRoutes } from './modules/portal/routes.ts';
import { analyticsRoutes } from './modules/analytics/routes.ts';
import { routineRoutes } from './modules/routine/routes.ts';
import { matterExportRoute } from './modules/matters/export.ts';

/** Every route of the API; the route-completeness test checks this against the contract. */
export const ALL_ROUTES: readonly RouteDef[] = [
  ...systemRoutes,
  ...authRoutes,
  ...orgRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...matterRoutes,
  ...notificationRoutes,
  ...attachmentRoutes,
  ...calendarRoutes,
  ...policyRoutes,
  ...portalRoutes,
  ...analyticsRoutes,
  ...routineRoutes,
  matterExportRoute,
];
