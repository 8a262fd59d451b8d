// Grid worker's mobile pages (issue 4 §9): top-level routes with their own mobile layout.
import type { RouteRecordRaw } from 'vue-router';

export const gridRoutes: RouteRecordRaw[] = [];
