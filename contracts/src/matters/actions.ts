import { z } from '../zod.ts';
import { ZId } from '../common.ts';
import { BASE_MACHINE, type TAction, type TInput } from '../machines/base.ts';

const ZAttachmentIds = z.array(ZId).max(20).default([]);
const ZComment = z.string().trim().max(2000);
const ZReason = z.string().trim().min(2, '请填写理由').max(2000);

export const OUTCOMES = {
  resolved: '已解决',
  explained: '解释说明',
  not_competent: '非职责（转办）',
  duplicate: '重复（并单）',
  not_feasible: '暂不具备条件',
} as const;

/** The request body of each kind of action (the transition table names the kind). */
export const ACTION_INPUTS = {
  none: z.object({}).strict(),
  comment: z.object({ comment: ZComment.optional(), attachmentIds: ZAttachmentIds }).strict(),
  reason: z.object({ reason: ZReason, attachmentIds: ZAttachmentIds }).strict(),
  dispatch: z
    .object({
      assignments: z
        .array(z.object({ unitId: ZId, lead: z.boolean().default(false) }).strict())
        .min(1, '请选择承办单位')
        .max(10),
      /** Shorter limit than the policy's, in the policy's unit; never longer than the statute. */
      limit: z.number().int().min(1).max(365).optional(),
      comment: ZComment.optional(),
      attachmentIds: ZAttachmentIds,
    })
    .strict()
    .superRefine((v, ctx) => {
      const leads = v.assignments.filter((a) => a.lead).length;
      if (v.assignments.length > 1 && leads !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['assignments'],
          message: '联办须指定且只能指定一个牵头单位',
        });
      }
      if (new Set(v.assignments.map((a) => a.unitId)).size !== v.assignments.length) {
        ctx.addIssue({ code: 'custom', path: ['assignments'], message: '承办单位不能重复' });
      }
    }),
  feedback: z
    .object({
      result: z.string().trim().min(2, '请填写办理结果').max(5000),
      outcome: z.enum(
        Object.keys(OUTCOMES) as [keyof typeof OUTCOMES, ...(keyof typeof OUTCOMES)[]],
      ),
      attachmentIds: ZAttachmentIds,
    })
    .strict(),
  follow_up: z
    .object({
      satisfaction: z.number().int().min(1).max(5),
      method: z.enum(['phone', 'visit', 'sms', 'portal']).default('phone'),
      comment: ZComment.optional(),
    })
    .strict(),
  unit: z.object({ unitId: ZId, comment: ZComment.optional() }).strict(),
  extension: z.object({ value: z.number().int().min(1).max(90), reason: ZReason }).strict(),
  supervise: z
    .object({
      level: z.enum(['normal', 'yellow', 'red', 'listed']).default('normal'),
      notice: z.string().trim().min(2, '请填写督办意见').max(2000),
      replyDays: z.number().int().min(1).max(30).optional(),
    })
    .strict(),
  merge: z.object({ targetId: ZId, comment: ZComment.optional() }).strict(),
} as const satisfies Record<TInput, z.ZodType>;

export function inputOf(action: TAction): TInput {
  const t = BASE_MACHINE.find((x) => x.action === action);
  return t?.input ?? 'none';
}

export function actionPath(action: TAction): string {
  return action.replaceAll('_', '-');
}
