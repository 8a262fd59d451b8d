// Administration pages (issue 4 §8): children of the staff shell, and their menu entries.
import type { RouteRecordRaw } from 'vue-router';
import { Calendar, Collection, DocumentChecked, Lock, Timer, User } from '@element-plus/icons-vue';
import type { NavItem } from '../shell/nav-item.ts';

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { title: '人员账号', permission: 'user.read', pii: true },
  },
  {
    path: 'admin/dicts',
    name: 'admin-dicts',
    component: () => import('./pages/DictsPage.vue'),
    meta: { title: '字典维护', permission: 'dict.manage' },
  },
  {
    path: 'admin/calendar',
    name: 'admin-calendar',
    component: () => import('./pages/CalendarPage.vue'),
    meta: { title: '节假日日历', permission: 'calendar.manage' },
  },
  {
    path: 'admin/policies',
    name: 'admin-policies',
    component: () => import('./pages/PoliciesPage.vue'),
    meta: { title: '时限与准入清单', permission: 'policy.manage' },
  },
  {
    path: 'admin/security',
    name: 'admin-security',
    component: () => import('./pages/SecuritySettingsPage.vue'),
    meta: { title: '安全策略', permission: 'setting.security' },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { title: '审计日志', permission: 'audit.read' },
  },
];

export const adminNav: NavItem[] = [
  { path: '/admin/users', label: '人员账号', icon: User, permission: 'user.read', group: '系统' },
  {
    path: '/admin/dicts',
    label: '字典维护',
    icon: Collection,
    permission: 'dict.manage',
    group: '系统',
  },
  {
    path: '/admin/calendar',
    label: '节假日日历',
    icon: Calendar,
    permission: 'calendar.manage',
    group: '系统',
  },
  {
    path: '/admin/policies',
    label: '时限与准入',
    icon: Timer,
    permission: 'policy.manage',
    group: '系统',
  },
  {
    path: '/admin/security',
    label: '安全策略',
    icon: Lock,
    permission: 'setting.security',
    group: '系统',
  },
  {
    path: '/admin/audit',
    label: '审计日志',
    icon: DocumentChecked,
    permission: 'audit.read',
    group: '系统',
  },
];
