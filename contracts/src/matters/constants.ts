// Code tables of the matter engine with their Chinese labels (DOMAIN.md §5). Categories live in
// the editable dictionary; these are the fixed lists the engine itself reasons about.

export const MATTER_TYPES = {
  grid_event: '网格事件',
  dispute: '矛盾纠纷',
  petition: '信访',
  livelihood: '民生诉求',
  security_hazard: '治安隐患',
  tip_off: '举报',
  consultation: '咨询求助',
} as const;
export type TMatterType = keyof typeof MATTER_TYPES;

export const CHANNELS = {
  walk_in: '来访',
  letter: '来信',
  phone: '电话',
  hotline_12345: '12345热线',
  online: '网上/小程序',
  video: '视频',
  grid_report: '网格上报',
  transfer_from_above: '上级转办',
  screening: '排查发现',
} as const;
export type TChannel = keyof typeof CHANNELS;

export const MATTER_STATUSES = {
  registered: '待受理',
  accepted: '待派遣',
  dispatched: '待签收',
  handling: '办理中',
  fed_back: '待核查',
  verified: '待结案',
  closed: '已结案待回访',
  archived: '已办结',
  declined: '不予受理',
  suspended: '已中止',
  terminated: '已终止',
  merged: '已并单',
} as const;
export type TMatterStatus = keyof typeof MATTER_STATUSES;

/** States in which the matter is still being worked on (clocks may run). */
export const OPEN_STATUSES: readonly TMatterStatus[] = [
  'registered',
  'accepted',
  'dispatched',
  'handling',
  'fed_back',
  'verified',
  'suspended',
];

export const ASSIGNMENT_STATUSES = {
  to_sign: '待签收',
  handling: '办理中',
  fed_back: '已反馈',
  returned: '已退回',
  done: '已完成',
  withdrawn: '已撤回',
} as const;

/** 好差评 five levels (DOMAIN.md §5): 5 = 非常满意 … 1 = 非常不满意. */
export const SATISFACTION = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
} as const;
/** A rating at or below this reopens the matter as a new handling cycle. */
export const REOPEN_AT_OR_BELOW = 2;

export const RISK_GRADES = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' } as const;
export const PARTY_ROLES = {
  applicant: '申请人',
  respondent: '被申请人',
  third_party: '第三人',
  other: '其他',
} as const;
export const WARNINGS = { normal: '正常', yellow: '临期', red: '超期' } as const;
export const SUPERVISION_LEVELS = {
  normal: '一般督办',
  yellow: '黄牌督办',
  red: '红牌督办',
  listed: '挂牌督办',
} as const;
