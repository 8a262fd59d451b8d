// 日排查/零报告: a grid worker states once a day, per grid, that the grid was walked, with or
// without something to report (reports themselves are matters, registered separately).
import { z } from '../zod.ts';
import { ZGridCode, ZRegionCode, ZTimestamp } from '../common.ts';
import { ZPoint } from '../matters/schemas.ts';

export const ZCheckinCreate = z
  .object({
    gridCode: ZGridCode,
    nothingToReport: z.boolean(),
    note: z.string().trim().max(1000).optional(),
    point: ZPoint.optional(),
  })
  .strict();

export const ZCheckin = z.object({
  id: z.number().int(),
  gridCode: z.string(),
  gridName: z.string(),
  regionCode: z.string(),
  /** The local (Asia/Shanghai) day it counts for. */
  date: z.iso.date(),
  nothingToReport: z.boolean(),
  note: z.string().nullable(),
  point: z.object({ lon: z.number(), lat: z.number() }).nullable(),
  userId: z.number().int(),
  userName: z.string(),
  createdAt: ZTimestamp,
});
export type TCheckin = z.infer<typeof ZCheckin>;

export const ZCheckinListQuery = z
  .object({
    /** Local dates, inclusive; default today only. At most 92 days. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    regionCode: ZRegionCode.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    /** Keyset cursor: the `nextCursor` of the previous page. */
    after: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
  })
  .strict();

export const ZCheckinPage = z.object({
  items: z.array(ZCheckin),
  nextCursor: z.string().nullable(),
});
