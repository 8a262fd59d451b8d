// 领导驾驶舱 aggregates, the grid map's counts and the Excel export's query. Rates are fractions
// 0–1 (null when the denominator is 0); the formulas are in server/src/modules/analytics/metrics.ts
// with their DOMAIN.md §6 sources.
import { z } from '../zod.ts';
import { ZRegionCode } from '../common.ts';
import { ZChannel, ZMatterListQuery, ZMatterType } from '../matters/schemas.ts';

export const GRANULARITIES = { day: '日', week: '周', month: '月' } as const;

export const ZDashboardQuery = z
  .object({
    /** Defaults to the caller's own region; must lie within the caller's scope. */
    regionCode: ZRegionCode.optional(),
    /** Local (Asia/Shanghai) dates, inclusive; default the 30 days up to today. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    type: ZMatterType.optional(),
    channel: ZChannel.optional(),
    categoryCode: z.string().max(40).optional(),
    granularity: z.enum(['day', 'week', 'month']).default('day'),
  })
  .strict();
export type TDashboardQuery = z.output<typeof ZDashboardQuery>;

const ZRate = z.number().min(0).max(1).nullable();

export const ZDashboardTotals = z.object({
  /** 受理量: matters registered in the period. */
  intake: z.number().int(),
  /** 结案数: of those, closed (已结案待回访 or 已办结). */
  closed: z.number().int(),
  closureRate: ZRate,
  onTimeRate: ZRate,
  /** Open matters overdue now (红色预警), whatever their registration date. */
  overdue: z.number().int(),
  satisfactionRate: ZRate,
  /** 重办: reopenings after 不满意, summed. */
  reopens: z.number().int(),
  /** 就地化解率. */
  localResolutionRate: ZRate,
});
export type TDashboardTotals = z.infer<typeof ZDashboardTotals>;

const ZBucket = z.object({ code: z.string(), name: z.string(), intake: z.number().int() });

export const ZDashboard = z.object({
  regionCode: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  granularity: z.enum(['day', 'week', 'month']),
  totals: ZDashboardTotals,
  byType: z.array(ZBucket),
  /** The ten largest categories, then one 其他 bucket (code '*') for the rest. */
  byCategory: z.array(ZBucket),
  byChannel: z.array(ZBucket),
  /** The chosen region's children (townships of a county …), each with its own counts. */
  byRegion: z.array(
    z.object({
      regionCode: z.string(),
      name: z.string(),
      intake: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  /** Per day, week (starting Monday) or month in Asia/Shanghai: registered vs closed in it. */
  trend: z.array(
    z.object({ period: z.string(), intake: z.number().int(), closed: z.number().int() }),
  ),
});
export type TDashboard = z.infer<typeof ZDashboard>;

export const ZGridCountsQuery = z.object({ regionCode: ZRegionCode.optional() }).strict();
export const ZGridCount = z.object({
  gridCode: z.string(),
  name: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
});

/** The list's own filters (GET /api/matters) without paging: the export is the current list. */
export const ZMatterExportQuery = ZMatterListQuery.omit({ limit: true, after: true });
export type TMatterExportQuery = z.output<typeof ZMatterExportQuery>;
