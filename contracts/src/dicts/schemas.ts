// Editable, versioned code tables (事项类别 …) kept as trees.
import { z } from '../zod.ts';

export const ZDictName = z.string().regex(/^[a-z_]{2,40}$/, '字典名只能包含小写字母和下划线');
export const ZDictCode = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/, '编码只能包含字母、数字、点、下划线和连字符');
const ZItemName = z.string().trim().min(1, '名称不能为空').max(60, '名称不能超过 60 个字');

export const ZDictParams = z.object({ dict: ZDictName }).strict();
export const ZDictItemParams = z.object({ dict: ZDictName, code: ZDictCode }).strict();
export const ZDictQuery = z
  .object({ includeInactive: z.enum(['true', 'false']).default('false') })
  .strict();

export const ZDictItem = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  /** Shipped with the platform: may be renamed or deactivated, never deleted or moved. */
  isSystem: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TDictItem = z.infer<typeof ZDictItem>;

export interface TDictNode extends TDictItem {
  children: TDictNode[];
}
export const ZDictNode: z.ZodType<TDictNode> = z.lazy(() =>
  ZDictItem.extend({ children: z.array(ZDictNode) }),
);

export const ZDictTree = z.object({ dict: z.string(), items: z.array(ZDictNode) });
export type TDictTree = z.infer<typeof ZDictTree>;

export const ZCreateDictItem = z
  .object({
    code: ZDictCode,
    name: ZItemName,
    parentCode: ZDictCode.nullable().default(null),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type TCreateDictItem = z.infer<typeof ZCreateDictItem>;

export const ZUpdateDictItem = z
  .object({
    /** The version read: a concurrent edit answers 409 instead of being overwritten. */
    version: z.number().int().min(1),
    name: ZItemName.optional(),
    sortOrder: z.number().int().min(0).max(100_000).optional(),
    parentCode: ZDictCode.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TUpdateDictItem = z.infer<typeof ZUpdateDictItem>;
