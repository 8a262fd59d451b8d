import { z } from './zod.ts';

export const ZId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const ZIdParams = z.object({ id: ZId }).strict();

export const ZRegionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '区划代码应为 2、4、6、9 或 12 位数字');
export const ZGridCode = z
  .string()
  .regex(/^\d{15}$/, '网格编码应为 15 位数字（村级代码 + 3 位序号）');

export const ZName = z.string().trim().min(1).max(100);
export const ZText = z.string().trim().max(2000);
export const ZTimestamp = z.iso.datetime({ offset: true });

/** Keyset pagination: `after` is the opaque cursor returned as `nextCursor`. */
export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional(),
});

export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().optional(),
  });
}

export const ZOk = z.object({ ok: z.literal(true) });

export const ZImportReport = z.object({
  total: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(
    z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() }),
  ),
});
export type TImportReport = z.infer<typeof ZImportReport>;
