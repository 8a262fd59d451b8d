import { z } from '../zod.ts';
import { ZId, ZTimestamp } from '../common.ts';

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: ZTimestamp,
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  actorRoles: z.array(z.string()),
  ip: z.string().nullable(),
  event: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  regionCode: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  sealed: z.boolean(),
});

export const ZAuditQuery = z
  .object({
    actorId: ZId.optional(),
    event: z.string().trim().max(100).optional(),
    targetType: z.string().trim().max(50).optional(),
    targetId: z.string().trim().max(100).optional(),
    outcome: z.enum(['success', 'failure', 'denied']).optional(),
    from: ZTimestamp.optional(),
    to: ZTimestamp.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    after: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const ZAuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  unsealed: z.number().int(),
  lastSeq: z.number().int(),
  checkpointSeq: z.number().int().nullable(),
  problems: z.array(
    z.object({
      kind: z.enum(['changed', 'removed', 'truncated', 'chain_broken', 'checkpoint_mismatch']),
      seq: z.number().int().nullable(),
      auditId: z.number().int().nullable(),
      message: z.string(),
    }),
  ),
});
export type TAuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;
