// Deadline policies (DOMAIN.md §2) and the 网格事项准入清单: national configuration that admins
// may tighten, never loosen past a statute.
import { z } from '../zod.ts';
import { ZId } from '../common.ts';
import { MATTER_TYPES } from '../matters/constants.ts';

export const CLOCK_KINDS = { accept: '受理时限', handle: '办理时限', notice: '告知时限' } as const;
export const CLOCK_UNITS = {
  calendar_day: '自然日',
  working_day: '工作日',
  working_hour: '工作小时',
} as const;

const ZClockKind = z.enum(['accept', 'handle', 'notice']);
const ZClockUnit = z.enum(['calendar_day', 'working_day', 'working_hour']);
export const ZCategoryCode = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, '类别编码只能包含字母、数字、点、下划线和连字符');
/** '*' is the default policy for every matter type. */
const ZPolicyMatterType = z.enum([
  '*',
  ...(Object.keys(MATTER_TYPES) as (keyof typeof MATTER_TYPES)[]),
]);

export const ZStatute = z.object({
  key: z.string(),
  label: z.string(),
  limit: z.number().int(),
  unit: ZClockUnit,
  /** null: extension open by the parties' consent. */
  maxExtension: z.number().int().nullable(),
  source: z.string(),
});

export const ZDeadlinePolicy = z.object({
  id: z.number().int(),
  matterType: z.string(),
  categoryCode: z.string().nullable(),
  clock: ZClockKind,
  unit: ZClockUnit,
  limitValue: z.number().int(),
  maxExtension: z.number().int(),
  yellowBefore: z.number().int(),
  urgentLimit: z.number().int().nullable(),
  statutoryKey: z.string().nullable(),
  /** The statute this policy may not exceed, when it has one. */
  statute: ZStatute.nullable(),
  updatedAt: z.string(),
});
export type TDeadlinePolicy = z.infer<typeof ZDeadlinePolicy>;

// Ten years of days is far past any statutory clock; larger numbers are typing errors.
const ZLimit = z.number().int().min(1, '时限至少为 1').max(3650, '时限过长');

export const ZUpdateDeadlinePolicy = z
  .object({
    unit: ZClockUnit,
    limitValue: ZLimit,
    maxExtension: z.number().int().min(0).max(3650),
    /** Warning threshold, in the policy's unit (hours for a working-hour clock). */
    yellowBefore: z.number().int().min(0).max(365),
    urgentLimit: ZLimit.nullable(),
  })
  .strict();
export type TUpdateDeadlinePolicy = z.infer<typeof ZUpdateDeadlinePolicy>;

export const ZCreateDeadlinePolicy = ZUpdateDeadlinePolicy.extend({
  matterType: ZPolicyMatterType,
  categoryCode: ZCategoryCode.nullable(),
  clock: ZClockKind,
  statutoryKey: z.string().max(60).nullable(),
}).strict();
export type TCreateDeadlinePolicy = z.infer<typeof ZCreateDeadlinePolicy>;

export const ZGridAdmission = z.object({
  id: z.number().int(),
  categoryCode: z.string(),
  categoryName: z.string().nullable(),
  admitted: z.boolean(),
  /** The rule cited when a down-dispatch is refused (or the duty that admits it). */
  rule: z.string(),
  regionCode: z.string().nullable(),
});
export type TGridAdmission = z.infer<typeof ZGridAdmission>;

export const ZUpsertGridAdmission = z
  .object({
    categoryCode: ZCategoryCode,
    admitted: z.boolean(),
    rule: z.string().trim().min(1, '须注明准入或不准入的依据').max(300),
  })
  .strict();
export type TUpsertGridAdmission = z.infer<typeof ZUpsertGridAdmission>;

export const ZPolicyIdParams = z.object({ id: ZId }).strict();
