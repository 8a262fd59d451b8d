// Citizen portal (issue 4 §10): public top-level routes, no staff session.
import type { RouteRecordRaw } from 'vue-router';

export const portalRoutes: RouteRecordRaw[] = [];
