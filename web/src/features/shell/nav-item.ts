import type { Component } from 'vue';
import type { TPermission } from '@fengqiao/contracts';

export interface NavItem {
  path: string;
  label: string;
  /** An icon component from @element-plus/icons-vue. */
  icon: Component;
  permission: TPermission;
  /** Shown under 系统管理 when set. */
  group?: string;
}
