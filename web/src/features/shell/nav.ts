import { EditPen, Odometer, OfficeBuilding, Tickets } from '@element-plus/icons-vue';
import { adminNav } from '../admin/routes.ts';
import { analyticsNav } from '../analytics/routes.ts';
import { portalNav } from '../portal/routes.ts';
import type { NavItem } from './nav-item.ts';

export type { NavItem } from './nav-item.ts';

/** The left menu; an entry shows only when /api/me grants its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: '工作台', icon: Odometer, permission: 'matter.read' },
  { path: '/intake', label: '一窗受理', icon: EditPen, permission: 'matter.register' },
  { path: '/matters', label: '事项列表', icon: Tickets, permission: 'matter.read' },
  ...analyticsNav,
  { path: '/org', label: '组织架构', icon: OfficeBuilding, permission: 'org.read' },
  ...portalNav,
  ...adminNav,
];
