// Administration pages (issue 4 §8): children of the staff shell, and their menu entries.
import type { RouteRecordRaw } from 'vue-router';
import type { NavItem } from '../shell/nav-item.ts';

export const adminRoutes: RouteRecordRaw[] = [];

export const adminNav: NavItem[] = [];
