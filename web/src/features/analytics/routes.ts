// Leader dashboard and grid map (issue 4 §6–7): children of the staff shell, and their menu entries.
import type { RouteRecordRaw } from 'vue-router';
import type { NavItem } from '../shell/nav-item.ts';

export const analyticsRoutes: RouteRecordRaw[] = [];

export const analyticsNav: NavItem[] = [];
