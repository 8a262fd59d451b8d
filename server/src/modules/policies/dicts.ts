// Editable code tables kept as trees (事项类别 …). Items shipped with the platform (is_system)
// may be renamed, reordered or deactivated, but never deleted or moved: matters, policies and
// the admission list refer to their codes, and policy lookup matches category codes by prefix.
import type {
  TCreateDictItem,
  TDictItem,
  TDictNode,
  TDictTree,
  TUpdateDictItem,
} from '@fengqiao/contracts/dicts/schemas.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';

interface DictRow {
  id: number;
  code: string;
  name: string;
  parent_code: string | null;
  sort_order: number;
  active: boolean;
  is_system: boolean;
  version: number;
  updated_at: Date;
}

function presentItem(row: DictRow): TDictItem {
  return {
    code: row.code,
    name: row.name,
    parentCode: row.parent_code,
    sortOrder: row.sort_order,
    active: row.active,
    isSystem: row.is_system,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Builds the tree; without inactive items, a deactivated item hides its whole subtree. */
function buildTree(rows: readonly DictRow[], includeInactive: boolean): TDictNode[] {
  const kept = rows.filter((r) => includeInactive || r.active);
  const nodes = new Map<string, TDictNode>(
    kept.map((r) => [r.code, { ...presentItem(r), children: [] }]),
  );
  const known = new Set(rows.map((r) => r.code));
  const roots: TDictNode[] = [];
  for (const r of kept) {
    const node = nodes.get(r.code);
    const parent = r.parent_code === null ? undefined : nodes.get(r.parent_code);
    if (node === undefined) {
      continue;
    }
    if (parent !== undefined) {
      parent.children.push(node);
    } else if (r.parent_code === null || !known.has(r.parent_code)) {
      roots.push(node);
    }
  }
  return roots;
}

export async function getDictTree(
  tx: Tx,
  dict: string,
  includeInactive: boolean,
): Promise<TDictTree> {
  const rows = await tx.query<DictRow>(
    sql`SELECT * FROM dict_item WHERE dict = ${dict} ORDER BY sort_order, code`,
  );
  return { dict, items: buildTree(rows, includeInactive) };
}

async function findItem(tx: Tx, dict: string, code: string): Promise<DictRow | undefined> {
  return tx.maybeOne<DictRow>(
    sql`SELECT * FROM dict_item WHERE dict = ${dict} AND code = ${code} FOR UPDATE`,
  );
}

async function assertParent(tx: Tx, dict: string, parentCode: string): Promise<void> {
  const parent = await findItem(tx, dict, parentCode);
  if (parent === undefined) {
    throw fieldError('parentCode', '上级字典项不存在', 'unknown');
  }
  if (!parent.active) {
    throw fieldError('parentCode', '上级字典项已停用', 'inactive');
  }
}

export async function createDictItem(
  ctx: RequestCtx,
  dict: string,
  body: TCreateDictItem,
): Promise<TDictItem> {
  if ((await findItem(ctx.tx, dict, body.code)) !== undefined) {
    throw new AppError('resource.conflict', {
      fields: [{ path: 'code', code: 'taken', message: `编码 ${body.code} 已存在` }],
    });
  }
  if (body.parentCode !== null) {
    await assertParent(ctx.tx, dict, body.parentCode);
  }
  // a new item goes after every existing one (so last among its siblings) unless placed explicitly
  const row = await ctx.tx.one<DictRow>(sql`
    INSERT INTO dict_item (dict, code, name, parent_code, sort_order, updated_at)
    VALUES (${dict}, ${body.code}, ${body.name}, ${body.parentCode},
      coalesce(${body.sortOrder ?? null}::int,
        (SELECT coalesce(max(sort_order), -1) + 1 FROM dict_item WHERE dict = ${dict})),
      ${ctx.clock.now()})
    RETURNING *`);
  const item = presentItem(row);
  await ctx.audit({
    event: 'dicts.create',
    targetType: 'dict_item',
    targetId: `${dict}:${body.code}`,
    regionCode: null,
    details: { after: item },
  });
  return item;
}

/** A new parent must exist, be active, and not sit below the item itself (no cycles). */
async function assertMove(tx: Tx, dict: string, item: DictRow, parentCode: string | null) {
  if (parentCode === item.parent_code) {
    return;
  }
  if (item.is_system) {
    throw fieldError('parentCode', '系统内置项不能移动到其他上级', 'system');
  }
  if (parentCode === null) {
    return;
  }
  await assertParent(tx, dict, parentCode);
  const cycle = await tx.maybeOne(sql`
    WITH RECURSIVE up (code, parent_code) AS (
      SELECT code, parent_code FROM dict_item WHERE dict = ${dict} AND code = ${parentCode}
      UNION
      SELECT d.code, d.parent_code FROM dict_item d JOIN up ON d.code = up.parent_code
      WHERE d.dict = ${dict}
    )
    SELECT 1 FROM up WHERE code = ${item.code} LIMIT 1`);
  if (cycle !== undefined) {
    throw fieldError('parentCode', '不能移动到自身或其下级之下', 'cycle');
  }
}

export async function updateDictItem(
  ctx: RequestCtx,
  dict: string,
  code: string,
  body: TUpdateDictItem,
): Promise<TDictItem> {
  const before = await findItem(ctx.tx, dict, code);
  if (before === undefined) {
    throw notFound();
  }
  if (before.version !== body.version) {
    throw new AppError('resource.stale');
  }
  const parentCode = body.parentCode === undefined ? before.parent_code : body.parentCode;
  await assertMove(ctx.tx, dict, before, parentCode);
  const row = await ctx.tx.one<DictRow>(sql`
    UPDATE dict_item SET name = ${body.name ?? before.name},
      sort_order = ${body.sortOrder ?? before.sort_order}, parent_code = ${parentCode},
      active = ${body.active ?? before.active}, version = version + 1, updated_at = ${ctx.clock.now()}
    WHERE id = ${before.id}
    RETURNING *`);
  const after = presentItem(row);
  await ctx.audit({
    event: 'dicts.update',
    targetType: 'dict_item',
    targetId: `${dict}:${code}`,
    regionCode: null,
    details: { before: presentItem(before), after },
  });
  return after;
}

// Codes are referenced by value (no foreign keys): matters, policies and the admission list.
async function isInUse(tx: Tx, dict: string, code: string): Promise<boolean> {
  const used = await tx.maybeOne(sql`
    SELECT 1 WHERE EXISTS (SELECT 1 FROM dict_item WHERE dict = ${dict} AND parent_code = ${code})
      OR (${dict} = 'matter_category' AND (
        EXISTS (SELECT 1 FROM matter WHERE category_code = ${code})
        OR EXISTS (SELECT 1 FROM deadline_policy WHERE category_code = ${code})
        OR EXISTS (SELECT 1 FROM grid_admission WHERE category_code = ${code})))`);
  return used !== undefined;
}

export async function deleteDictItem(
  ctx: RequestCtx,
  dict: string,
  code: string,
): Promise<{ ok: true }> {
  const item = await findItem(ctx.tx, dict, code);
  if (item === undefined) {
    throw notFound();
  }
  if (item.is_system) {
    throw fieldError('code', '系统内置项不能删除，可以停用', 'system');
  }
  if (await isInUse(ctx.tx, dict, code)) {
    throw new AppError('resource.in_use');
  }
  await ctx.tx.query(sql`DELETE FROM dict_item WHERE id = ${item.id}`);
  await ctx.audit({
    event: 'dicts.delete',
    targetType: 'dict_item',
    targetId: `${dict}:${code}`,
    regionCode: null,
    details: { before: presentItem(item) },
  });
  return { ok: true };
}
