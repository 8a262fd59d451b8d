// The citizen portal (码上办): public, anonymous requests guarded by a server-issued challenge and
// rate limits. Every response here is public: free text is scrubbed of ID numbers and phones
// (SECURITY.md E5), names are masked, and no staff name or internal note is ever included.
import { z } from '../zod.ts';
import { ZTimestamp } from '../common.ts';
import { ZPoint } from '../matters/schemas.ts';

/** Where a portal link points: a township or village (9 or 12 digits), e.g. from a QR code. */
export const ZPortalRegionCode = z
  .string()
  .regex(/^(\d{9}|\d{12})$/, '请从乡镇（街道）或村（社区）的二维码进入，或选择所在村（社区）');

/** Tracking codes are 10 characters; anything else is looked up (and missed) like a wrong one. */
export const ZTrackingCodeParams = z
  .object({
    trackingCode: z
      .string()
      .regex(/^[0-9A-Za-z]{4,20}$/, '查询码格式不正确')
      .transform((s) => s.toUpperCase()),
  })
  .strict();

export const ZPortalChallenge = z.object({
  challengeId: z.string(),
  /** An SVG image as a data: URL (allowed by the CSP's img-src). */
  image: z.string(),
  prompt: z.string(),
  expiresAt: ZTimestamp,
});
export type TPortalChallenge = z.infer<typeof ZPortalChallenge>;

const ZContact = z
  .object({
    name: z.string().trim().min(1, '请填写姓名').max(50),
    phone: z
      .string()
      .trim()
      .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确')
      .optional(),
  })
  .strict();

export const ZPortalSubmit = z
  .object({
    challengeId: z.string().min(16).max(64),
    answer: z.string().trim().min(1, '请填写验证码').max(10),
    regionCode: ZPortalRegionCode,
    categoryCode: z.string().trim().min(1).max(40),
    description: z.string().trim().min(5, '请描述诉求（至少 5 个字）').max(2000),
    /** Omitted = anonymous (匿名反映). */
    contact: ZContact.optional(),
    point: ZPoint.optional(),
  })
  .strict();
export type TPortalSubmit = z.infer<typeof ZPortalSubmit>;

export const ZPortalSubmitResult = z.object({
  trackingCode: z.string(),
  /** Path of the printable 受理回执 (same origin as the portal). */
  receiptUrl: z.string(),
});

/** What the public sees of a status: coarser than the staff statuses, no internal steps. */
export const PORTAL_STATUSES = {
  submitted: '已提交，等待受理',
  processing: '办理中',
  suspended: '暂缓办理',
  awaiting_rating: '已办结，请评价',
  completed: '已办结',
  declined: '不予受理',
  terminated: '已终止办理',
  merged: '已与相同诉求合并办理',
} as const;
export type TPortalStatus = keyof typeof PORTAL_STATUSES;

export const ZPortalTrack = z.object({
  trackingCode: z.string(),
  code: z.string(),
  /** Scrubbed (E5): ID numbers and phones masked, the reporter's name masked. */
  title: z.string(),
  categoryName: z.string(),
  regionName: z.string(),
  status: z.enum(Object.keys(PORTAL_STATUSES) as [TPortalStatus, ...TPortalStatus[]]),
  statusLabel: z.string(),
  /** The center that received it (a unit, never a person). */
  ownerUnitName: z.string(),
  submittedAt: ZTimestamp,
  acceptedAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  dueAt: ZTimestamp.nullable(),
  steps: z.array(z.object({ label: z.string(), at: ZTimestamp })),
  /** 办理结果 (or the reason of a 不予受理), scrubbed of personal data. */
  result: z.string().nullable(),
  outcome: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  canRate: z.boolean(),
  receiptUrl: z.string(),
});
export type TPortalTrack = z.infer<typeof ZPortalTrack>;

export const ZPortalRate = z
  .object({
    /** 好差评: 5 非常满意 … 1 非常不满意; 2 and below reopen the matter (不满意 → 重办). */
    satisfaction: z.number().int().min(1).max(5),
    comment: z.string().trim().max(500).optional(),
  })
  .strict();

export const ZPortalQrParams = z
  .object({ regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6、9 或 12 位') })
  .strict();
export const ZPortalQrQuery = z.object({ format: z.enum(['svg', 'png']).default('svg') }).strict();

/**
 * The categories a citizen may choose, by dictionary root, in the order the portal lists them.
 * 网格事件 (G) are grid workers' own reports and 信访 (P) has its statutory channels, so neither
 * is offered; the server refuses them on submit too.
 */
export const PORTAL_CATEGORY_ROOTS = ['H', 'D', 'S', 'U'] as const;

export const ZPortalCategory = z.object({
  code: z.string(),
  name: z.string(),
  children: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type TPortalCategory = z.infer<typeof ZPortalCategory>;

export const ZPortalRegion = z.object({
  code: z.string(),
  name: z.string(),
  /** 3 县, 4 乡镇（街道）, 5 村（社区）; 1–2 only where a center serves a whole province or city. */
  level: z.number().int().min(1).max(5),
});
export type TPortalRegion = z.infer<typeof ZPortalRegion>;

/** What the submit form needs without a session: categories, where to start picking, the address. */
export const ZPortalOptions = z.object({
  categories: z.array(ZPortalCategory),
  /** The highest regions served by a center (usually the county): the first picker's choices. */
  regions: z.array(ZPortalRegion),
  /** PUBLIC_BASE_URL, or null when not configured (QR codes then point at localhost). */
  publicBaseUrl: z.string().nullable(),
});
export type TPortalOptions = z.infer<typeof ZPortalOptions>;

export const ZPortalRegionParams = z
  .object({ regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6、9 或 12 位') })
  .strict();

export const ZPortalRegionView = z.object({
  /** From the served root (the county) down to the region itself. */
  chain: z.array(ZPortalRegion),
  /** The current regions directly below it, to choose from. */
  children: z.array(ZPortalRegion),
  /** True when requests may be submitted here (a township or village under a center). */
  submittable: z.boolean(),
});
export type TPortalRegionView = z.infer<typeof ZPortalRegionView>;
