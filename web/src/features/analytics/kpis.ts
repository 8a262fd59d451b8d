// The 驾驶舱's tiles: what each number is and how the server computes it (the formulas are in
// server/src/modules/analytics/metrics.ts, citing DOMAIN.md §6), so the tooltip says the same.
import type { TDashboard } from './api.ts';

type TTotals = TDashboard['totals'];

export interface Kpi {
  key: keyof TTotals;
  label: string;
  /** A count, or a rate shown as a percentage with a bar. */
  kind: 'count' | 'rate';
  formula: string;
  /** Rates: the level below which the tile turns amber (a local assessment benchmark). */
  target?: number;
  /** Counts: any value above zero is bad news (shown red). */
  alarm?: boolean;
}

export const KPIS: readonly Kpi[] = [
  {
    key: 'intake',
    label: '受理量',
    kind: 'count',
    formula: '所选时段内登记的事项数（按所选类型、渠道、类别、区划筛选）。',
  },
  {
    key: 'closed',
    label: '结案数',
    kind: 'count',
    formula: '上述事项中已结案（已结案待回访、已办结）的件数；重办后重新打开的不计。',
  },
  {
    key: 'closureRate',
    label: '结案率',
    kind: 'rate',
    target: 0.9,
    formula:
      '结案率 = 结案数 ÷（应结案数 − 缓办数）。应结案数为时段内登记且成案的事项（不含不予受理、并单），缓办数为已中止的事项。',
  },
  {
    key: 'onTimeRate',
    label: '按期结案率',
    kind: 'rate',
    target: 0.7,
    formula:
      '按期结案率 = 按期结案数 ÷（应结案数 − 缓办数）。按期指本轮办理时限内结案，办理时钟未超期。',
  },
  {
    key: 'overdue',
    label: '当前超期',
    kind: 'count',
    alarm: true,
    formula: '现在仍在办理且已超过时限（红色预警）的事项数，不论登记时间。',
  },
  {
    key: 'satisfactionRate',
    label: '满意率',
    kind: 'rate',
    target: 0.9,
    formula:
      '满意率 =（非常满意 + 满意 + 基本满意）÷ 有效评价数，统计时段内登记且已回访评价的事项。',
  },
  {
    key: 'localResolutionRate',
    label: '就地化解率',
    kind: 'rate',
    formula:
      '就地化解率 = 在发生层级化解的事项数 ÷ 已化解事项数。事项被上报到上级中心后结案的不计入就地化解（“小事不出村、大事不出镇”）。',
  },
  {
    key: 'reopens',
    label: '重办次数',
    kind: 'count',
    alarm: true,
    formula: '回访不满意后重新办理的次数合计（时段内登记的事项）。',
  },
];

export function formatRate(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}
