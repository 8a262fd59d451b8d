import type { TPermission } from '@fengqiao/contracts';

export interface NavItem {
  path: string;
  label: string;
  icon: 'Odometer' | 'EditPen' | 'Tickets' | 'OfficeBuilding' | 'User' | 'Document' | 'Setting';
  permission: TPermission;
  /** A module whose server side exists but whose pages are still being built. */
  placeholder?: boolean;
  group?: string;
}

/** The left menu; an entry shows only when /api/me grants its permission. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: '工作台', icon: 'Odometer', permission: 'matter.read' },
  { path: '/intake', label: '一窗受理', icon: 'EditPen', permission: 'matter.register' },
  { path: '/matters', label: '事项列表', icon: 'Tickets', permission: 'matter.read' },
  { path: '/org', label: '组织架构', icon: 'OfficeBuilding', permission: 'org.read' },
  {
    path: '/users',
    label: '人员账号',
    icon: 'User',
    permission: 'user.read',
    placeholder: true,
    group: '系统',
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: 'Document',
    permission: 'audit.read',
    placeholder: true,
    group: '系统',
  },
  {
    path: '/settings/calendar',
    label: '节假日日历',
    icon: 'Setting',
    permission: 'calendar.manage',
    placeholder: true,
    group: '系统',
  },
  {
    path: '/settings/policies',
    label: '时限与准入清单',
    icon: 'Setting',
    permission: 'policy.manage',
    placeholder: true,
    group: '系统',
  },
  {
    path: '/settings/dicts',
    label: '字典维护',
    icon: 'Setting',
    permission: 'dict.manage',
    placeholder: true,
    group: '系统',
  },
];
