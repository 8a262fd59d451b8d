// Leader dashboard and grid map (issue 4 §6–7): children of the staff shell, and their menu entries.
import type { RouteRecordRaw } from 'vue-router';
import { DataAnalysis, MapLocation } from '@element-plus/icons-vue';
import type { NavItem } from '../shell/nav-item.ts';

export const analyticsRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    // the catalog has no reporting permission of its own: whoever may read matters sees their
    // own scope's figures (the server scopes every count)
    meta: { title: '领导驾驶舱', permission: 'matter.read' },
  },
  {
    path: 'map',
    name: 'grid-map',
    component: () => import('./pages/GridMapPage.vue'),
    meta: { title: '网格地图', permission: 'matter.read' },
  },
];

export const analyticsNav: NavItem[] = [
  { path: '/dashboard', label: '领导驾驶舱', icon: DataAnalysis, permission: 'matter.read' },
  { path: '/map', label: '网格地图', icon: MapLocation, permission: 'matter.read' },
];
