// The permission catalog and role → permission maps. Routes declare one permission each; the
// client reads the user's permissions from /api/me and never reasons about role names.

export const PERMISSIONS = {
  'org.read': '查看组织架构（区划、单位、网格、入驻）',
  'org.manage': '维护区划、单位、网格、入驻',
  'org.import': '批量导入单位、人员、网格',
  'org.recode': '区划调整（重新编码）',
  'user.read': '查看人员账号',
  'user.manage': '新建、修改、停用人员账号',
  'user.reset_password': '重置密码、解锁账号',
  'role.assign': '分配角色',
  'setting.security': '维护安全策略（密码、会话、锁定）',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计日志完整性',
  'system.backup': '备份与恢复',
  'matter.read': '查看事项',
  'matter.register': '登记事项（一窗受理、网格上报）',
  'matter.accept': '受理 / 不予受理',
  'matter.dispatch': '派遣、上报、下派、中止、终止、并单、审批延期',
  'matter.handle': '签收、退回、办理、反馈、申请延期',
  'matter.verify': '核查、结案、回访',
  'matter.supervise': '督办',
  'matter.reassign': '移交离岗人员的待办',
  'pii.reveal': '查看完整个人信息（须说明理由，留痕）',
  'dict.manage': '维护字典（事项类别等）',
  'calendar.manage': '维护节假日日历',
  'policy.manage': '维护办理时限、网格准入清单',
} as const;

export type TPermission = keyof typeof PERMISSIONS;

export const ROLES = {
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计管理员',
  leader: '领导',
  dispatcher: '派单员（中心）',
  clerk: '受理员（座席）',
  dept_handler: '部门办理人员',
  grid_worker: '网格员',
  mediator: '调解员',
} as const;

export type TRole = keyof typeof ROLES;

/** 三权分立 (GB/T 22239 8.1.4.2d): these roles exclude each other and every business role. */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly TRole[];

/** Roles that must enrol a TOTP second factor before any other action (SECURITY.md A5). */
export const MFA_ROLES: readonly TRole[] = ADMIN_ROLES;

const STAFF_READ: TPermission[] = ['org.read', 'matter.read'];
const CENTER_WORK: TPermission[] = [
  'matter.register',
  'matter.accept',
  'matter.dispatch',
  'matter.verify',
  'matter.supervise',
];

export const ROLE_GRANTS = {
  sysadmin: [
    'org.read',
    'org.manage',
    'org.import',
    'org.recode',
    'user.read',
    'user.manage',
    'user.reset_password',
    'system.backup',
    'dict.manage',
    'calendar.manage',
    'policy.manage',
    'matter.reassign',
  ],
  secadmin: ['org.read', 'user.read', 'role.assign', 'setting.security'],
  auditor: ['org.read', 'user.read', 'audit.read', 'audit.verify'],
  leader: [...STAFF_READ, 'user.read', 'matter.supervise', 'pii.reveal'],
  dispatcher: [...STAFF_READ, 'user.read', ...CENTER_WORK, 'matter.handle', 'pii.reveal'],
  clerk: [...STAFF_READ, 'matter.register', 'matter.accept', 'pii.reveal'],
  dept_handler: [...STAFF_READ, 'matter.register', 'matter.handle'],
  grid_worker: [...STAFF_READ, 'matter.register', 'matter.handle'],
  mediator: [...STAFF_READ, 'matter.register', 'matter.handle'],
} as const satisfies Record<TRole, readonly TPermission[]>;

export function isAdminRole(role: string): boolean {
  return (ADMIN_ROLES as readonly string[]).includes(role);
}

export function permissionsFor(roles: readonly TRole[]): TPermission[] {
  const set = new Set<TPermission>();
  for (const role of roles) {
    for (const p of ROLE_GRANTS[role]) {
      set.add(p);
    }
  }
  return [...set].sort();
}

/** Returns the offending pair when a role set breaks 三权分立, else null. */
export function separationViolation(roles: readonly string[]): [string, string] | null {
  const admin = roles.find(isAdminRole);
  if (admin === undefined) {
    return null;
  }
  const other = roles.find((r) => r !== admin);
  return other === undefined ? null : [admin, other];
}
