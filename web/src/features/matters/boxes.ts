import { WORKLISTS, type TPermission } from '@fengqiao/contracts';
import type { TWorklist } from './api.ts';

export interface BoxCard {
  box: TWorklist;
  label: string;
  /** The work this box holds; a box shows only to users who may do it. */
  permission: TPermission;
  tone: 'plain' | 'yellow' | 'red' | 'blue';
  hint: string;
}

export const BOX_CARDS: readonly BoxCard[] = [
  {
    box: 'overdue',
    label: WORKLISTS.overdue,
    permission: 'matter.read',
    tone: 'red',
    hint: '已超过办理期限',
  },
  {
    box: 'due_soon',
    label: WORKLISTS.due_soon,
    permission: 'matter.read',
    tone: 'yellow',
    hint: '即将到期，请抓紧办理',
  },
  {
    box: 'to_accept',
    label: WORKLISTS.to_accept,
    permission: 'matter.accept',
    tone: 'plain',
    hint: '登记后待决定是否受理',
  },
  {
    box: 'to_dispatch',
    label: WORKLISTS.to_dispatch,
    permission: 'matter.dispatch',
    tone: 'plain',
    hint: '已受理，待派遣承办单位',
  },
  {
    box: 'to_sign',
    label: WORKLISTS.to_sign,
    permission: 'matter.handle',
    tone: 'plain',
    hint: '派给本单位，待签收',
  },
  {
    box: 'to_handle',
    label: WORKLISTS.to_handle,
    permission: 'matter.handle',
    tone: 'plain',
    hint: '本单位办理中',
  },
  {
    box: 'to_verify',
    label: WORKLISTS.to_verify,
    permission: 'matter.verify',
    tone: 'plain',
    hint: '待核查、结案、回访',
  },
  {
    box: 'supervised',
    label: WORKLISTS.supervised,
    permission: 'matter.read',
    tone: 'blue',
    hint: '督办中的事项',
  },
];
