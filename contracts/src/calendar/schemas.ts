// The public-holiday calendar as administrators keep it: one State Council notice per year
// (国务院办公厅关于××年部分节假日安排的通知), with days off and 调休 workdays.
import { z } from '../zod.ts';

const ZLocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const ZCalendarYearParams = z
  .object({
    year: z.coerce
      .number()
      .int()
      .min(2000, '年份应在 2000–2100 之间')
      .max(2100, '年份应在 2000–2100 之间'),
  })
  .strict();

export const ZCalendarDay = z.object({
  date: z.string(),
  kind: z.enum(['off', 'work']),
  name: z.string(),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;

/** One holiday as the notice lists it: an inclusive 放假 range and its 调休 workdays. */
export const ZNoticeHoliday = z
  .object({
    name: z.string().trim().min(1, '节日名称不能为空').max(40),
    off: z.tuple([ZLocalDate, ZLocalDate]),
    workdays: z.array(ZLocalDate).max(10).default([]),
  })
  .strict();
export type TNoticeHoliday = z.infer<typeof ZNoticeHoliday>;

/** The body of a calendar edit: shaped like the State Council notice it was entered from. */
export const ZCalendarNotice = z
  .object({
    source: z.string().trim().min(1, '须注明通知名称及文号').max(300),
    holidays: z.array(ZNoticeHoliday).min(1, '至少列出一个节日').max(20),
  })
  .strict();
export type TCalendarNotice = z.infer<typeof ZCalendarNotice>;

export const ZCalendarYear = z.object({
  year: z.number().int(),
  /** false until the year's notice has been entered: deadlines reaching into it are provisional. */
  covered: z.boolean(),
  source: z.string().nullable(),
  updatedAt: z.string().nullable(),
  days: z.array(ZCalendarDay),
  holidays: z.array(
    z.object({
      name: z.string(),
      off: z.tuple([z.string(), z.string()]),
      workdays: z.array(z.string()),
    }),
  ),
});
export type TCalendarYear = z.infer<typeof ZCalendarYear>;

export const ZCalendarUpdateResult = z.object({
  year: z.number().int(),
  offDays: z.number().int(),
  workdays: z.number().int(),
  /** Open clocks whose deadline was computed again on the edited calendar. */
  recomputed: z.number().int(),
  /** Of those, the clocks whose due time or provisional flag changed. */
  changed: z.number().int(),
});
export type TCalendarUpdateResult = z.infer<typeof ZCalendarUpdateResult>;

export const ZProvisionalReport = z.object({
  /** Years open deadlines reach into for which no notice has been entered. */
  years: z.array(z.object({ year: z.number().int(), clocks: z.number().int() })),
  provisionalClocks: z.number().int(),
});
export type TProvisionalReport = z.infer<typeof ZProvisionalReport>;
