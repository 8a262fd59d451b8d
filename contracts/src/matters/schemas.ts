import { z } from '../zod.ts';
import { ZGridCode, ZId, ZRegionCode, ZTimestamp } from '../common.ts';
import { ACTIONS } from '../machines/base.ts';
import { CHANNELS, MATTER_STATUSES, MATTER_TYPES, PARTY_ROLES, RISK_GRADES } from './constants.ts';

const keys = <T extends Record<string, string>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const ZMatterType = z.enum(keys(MATTER_TYPES));
export const ZChannel = z.enum(keys(CHANNELS));
export const ZMatterStatus = z.enum(keys(MATTER_STATUSES));
export const ZRisk = z.enum(keys(RISK_GRADES));
export const ZAction = z.enum(keys(ACTIONS));
const ZPartyRole = z.enum(keys(PARTY_ROLES));

const ZPersonName = z.string().trim().min(1).max(50);
const ZPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确');
/** Checked against GB 11643 by the server, which names the failing rule. */
const ZIdNumber = z.string().trim().min(15).max(18);

export const ZPoint = z
  .object({ lon: z.number().min(73).max(136), lat: z.number().min(3).max(54) })
  .strict();

export const ZRegisterMatter = z
  .object({
    type: ZMatterType,
    categoryCode: z.string().trim().min(1).max(40),
    channel: ZChannel,
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().min(2, '请描述诉求或事件').max(10000),
    regionCode: ZRegionCode,
    gridCode: ZGridCode.optional(),
    address: z.string().trim().max(200).optional(),
    point: ZPoint.optional(),
    anonymous: z.boolean().default(false),
    reporter: z
      .object({ name: ZPersonName, phone: ZPhone.optional(), idNumber: ZIdNumber.optional() })
      .strict()
      .optional(),
    parties: z
      .array(
        z
          .object({
            role: ZPartyRole,
            name: ZPersonName,
            phone: ZPhone.optional(),
            idNumber: ZIdNumber.optional(),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    urgent: z.boolean().default(false),
    collective: z.boolean().default(false),
    headcount: z.number().int().min(1).max(100000).optional(),
    repeat: z.boolean().default(false),
    risk: ZRisk.optional(),
    reportedUnitId: ZId.optional(),
    attachmentIds: z.array(ZId).max(20).default([]),
    /** Accept at registration (当场受理), starting the handling loop at once. */
    acceptNow: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.anonymous && v.reporter === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reporter'], message: '非匿名事项须填写反映人' });
    }
    if (v.collective && v.headcount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['headcount'], message: '集体事项须填写人数' });
    }
  });
export type TRegisterMatter = z.infer<typeof ZRegisterMatter>;

const ZMaskedPerson = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
});

export const ZAssignment = z.object({
  id: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  isLead: z.boolean(),
  status: z.string(),
  dueAt: ZTimestamp.nullable(),
  signedAt: ZTimestamp.nullable(),
  fedBackAt: ZTimestamp.nullable(),
  feedback: z.string().nullable(),
  returnReason: z.string().nullable(),
});

export const ZMatter = z.object({
  id: z.number().int(),
  code: z.string(),
  trackingCode: z.string(),
  type: ZMatterType,
  categoryCode: z.string(),
  categoryName: z.string(),
  channel: ZChannel,
  title: z.string(),
  description: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  gridCode: z.string().nullable(),
  address: z.string().nullable(),
  point: z.object({ lon: z.number(), lat: z.number() }).nullable(),
  anonymous: z.boolean(),
  /** Masked by default; null when hidden from the caller (e.g. the unit a tip-off reports). */
  reporter: ZMaskedPerson.nullable(),
  parties: z.array(ZMaskedPerson.extend({ id: z.number().int(), role: ZPartyRole })),
  urgent: z.boolean(),
  collective: z.boolean(),
  headcount: z.number().int().nullable(),
  repeat: z.boolean(),
  crossLevel: z.boolean(),
  risk: ZRisk.nullable(),
  status: ZMatterStatus,
  cycle: z.number().int(),
  reopenCount: z.number().int(),
  ownerUnit: z.object({ id: z.number().int(), name: z.string() }),
  assignments: z.array(ZAssignment),
  dueAt: ZTimestamp.nullable(),
  dueProvisional: z.boolean(),
  warning: z.enum(['normal', 'yellow', 'red']),
  supervised: z.boolean(),
  satisfaction: z.number().int().nullable(),
  aroseLevel: z.number().int(),
  resolvedLevel: z.number().int().nullable(),
  mergedInto: z.number().int().nullable(),
  outcome: z.string().nullable(),
  pendingExtension: z
    .object({ id: z.number().int(), value: z.number().int(), reason: z.string() })
    .nullable(),
  attachments: z.array(
    z.object({
      id: z.number().int(),
      filename: z.string(),
      mime: z.string(),
      size: z.number().int(),
    }),
  ),
  registeredAt: ZTimestamp,
  acceptedAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  updatedAt: ZTimestamp,
  version: z.number().int(),
  /** What the caller may do now, computed by the server from the transition table. */
  abilities: z.array(ZAction),
  canReveal: z.boolean(),
});
export type TMatter = z.infer<typeof ZMatter>;

export const ZMatterSummary = ZMatter.pick({
  id: true,
  code: true,
  type: true,
  categoryCode: true,
  categoryName: true,
  channel: true,
  title: true,
  regionCode: true,
  regionName: true,
  status: true,
  dueAt: true,
  warning: true,
  supervised: true,
  urgent: true,
  registeredAt: true,
}).extend({ rank: z.number().nullable(), ownerUnitName: z.string() });
export type TMatterSummary = z.infer<typeof ZMatterSummary>;

export const WORKLISTS = {
  all: '全部',
  to_accept: '待受理',
  to_dispatch: '待派遣',
  to_sign: '待签收',
  to_handle: '待办理',
  to_verify: '待核查',
  overdue: '已超期',
  due_soon: '临期',
  supervised: '督办件',
} as const;
export const ZWorklist = z.enum(keys(WORKLISTS));

export const ZMatterListQuery = z
  .object({
    box: ZWorklist.default('all'),
    q: z.string().trim().max(100).optional(),
    type: ZMatterType.optional(),
    categoryCode: z.string().max(40).optional(),
    channel: ZChannel.optional(),
    status: ZMatterStatus.optional(),
    warning: z.enum(['normal', 'yellow', 'red']).optional(),
    regionCode: ZRegionCode.optional(),
    gridCode: ZGridCode.optional(),
    /** Only what the caller registered (a grid worker's 上报记录). */
    mine: z.stringbool().optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    sort: z.enum(['newest', 'oldest', 'due', 'relevance']).default('newest'),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    after: z.string().max(100).optional(),
  })
  .strict();

export const ZWorklistCounts = z.record(ZWorklist, z.number().int());
export type TWorklistCounts = z.infer<typeof ZWorklistCounts>;

export const ZHistoryEntry = z.object({
  id: z.number().int(),
  cycle: z.number().int(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  unitName: z.string().nullable(),
  at: ZTimestamp,
  comment: z.string().nullable(),
  attachmentIds: z.array(z.number().int()),
});

export const ZRevealRequest = z
  .object({
    field: z.enum([
      'reporter.name',
      'reporter.phone',
      'reporter.idNumber',
      'party.name',
      'party.phone',
      'party.idNumber',
    ]),
    partyId: ZId.optional(),
    reason: z.string().trim().min(4, '请说明查看理由（至少 4 个字）').max(200),
  })
  .strict();
export const ZRevealResponse = z.object({ value: z.string().nullable() });

export const ZDuplicateQuery = z
  .object({
    categoryCode: z.string().max(40),
    regionCode: ZRegionCode,
    gridCode: ZGridCode.optional(),
    point: ZPoint.optional(),
    description: z.string().max(10000).default(''),
    days: z.number().int().min(1).max(365).default(30),
  })
  .strict();
export const ZDuplicateCandidate = ZMatterSummary.extend({
  score: z.number(),
  reasons: z.array(z.string()),
});

export const ZReassign = z
  .object({ fromUserId: ZId, toUserId: ZId, reason: z.string().trim().min(2).max(200) })
  .strict();
export const ZReassignResult = z.object({ moved: z.number().int() });
