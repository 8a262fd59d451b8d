// Deadline policies per matter type / category / clock (DOMAIN.md §2). Admins may make a policy
// stricter than its statute, never looser. A running clock copied its limit when it started, so
// an edit applies to clocks started afterwards.
import {
  CLOCK_UNITS,
  type TCreateDeadlinePolicy,
  type TDeadlinePolicy,
  type TUpdateDeadlinePolicy,
} from '@fengqiao/contracts/policies/schemas.ts';
import type { TFieldError } from '@fengqiao/contracts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { type TClockUnit } from '../../core/deadline.ts';
import {
  checkAgainstStatute,
  STATUTORY_CLOCKS,
  type TStatutoryClock,
  type TStatutoryClockKey,
} from '../../core/statutory-clocks.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';

interface PolicyRow {
  id: number;
  matter_type: string;
  category_code: string | null;
  clock: TDeadlinePolicy['clock'];
  unit: TClockUnit;
  limit_value: number;
  max_extension: number;
  yellow_before: number;
  urgent_limit: number | null;
  statutory_key: string | null;
  updated_at: Date;
}

function statuteOf(key: string | null): TStatutoryClock | undefined {
  return STATUTORY_CLOCKS.find((s) => s.key === key);
}

function presentPolicy(row: PolicyRow): TDeadlinePolicy {
  const statute = statuteOf(row.statutory_key);
  return {
    id: row.id,
    matterType: row.matter_type,
    categoryCode: row.category_code,
    clock: row.clock,
    unit: row.unit,
    limitValue: row.limit_value,
    maxExtension: row.max_extension,
    yellowBefore: row.yellow_before,
    urgentLimit: row.urgent_limit,
    statutoryKey: row.statutory_key,
    statute:
      statute === undefined
        ? null
        : {
            key: statute.key,
            label: statute.label,
            limit: statute.limit,
            unit: statute.unit,
            maxExtension: statute.maxExtension,
            source: statute.source,
          },
    updatedAt: row.updated_at.toISOString(),
  };
}

function amount(value: number, unit: TClockUnit): string {
  return `${value}（${CLOCK_UNITS[unit]}）`;
}

/** Limits compare in the statute's own unit, so a statutory policy keeps that unit. */
function statuteProblems(key: string, v: TUpdateDeadlinePolicy): TFieldError[] {
  const statute = statuteOf(key);
  if (statute === undefined) {
    return [{ path: 'statutoryKey', code: 'unknown', message: '未知的法定时限' }];
  }
  const cite = `${statute.label}，${statute.source}`;
  if (v.unit !== statute.unit) {
    const message = `法定时限按${CLOCK_UNITS[statute.unit]}计算，不能改为${CLOCK_UNITS[v.unit]}（${cite}）`;
    return [{ path: 'unit', code: 'statute_unit', message }];
  }
  const out: TFieldError[] = [];
  const k = statute.key as TStatutoryClockKey;
  if (checkAgainstStatute(k, v.limitValue) !== null) {
    const message = `不能长于法定时限 ${amount(statute.limit, statute.unit)}（${cite}）`;
    out.push({ path: 'limitValue', code: 'exceeds_statute', message });
  }
  if (checkAgainstStatute(k, statute.limit, v.maxExtension) !== null) {
    const cap = statute.maxExtension ?? 0;
    const message =
      cap === 0
        ? `法定时限不得延期（${cite}）`
        : `延期上限不能超过法定的 ${amount(cap, statute.unit)}（${cite}）`;
    out.push({ path: 'maxExtension', code: 'exceeds_statute', message });
  }
  return out;
}

function policyProblems(v: TUpdateDeadlinePolicy, statutoryKey: string | null): TFieldError[] {
  const out: TFieldError[] = [];
  if (v.urgentLimit !== null && v.urgentLimit > v.limitValue) {
    out.push({ path: 'urgentLimit', code: 'too_long', message: '紧急件时限不能长于一般时限' });
  }
  return statutoryKey === null ? out : [...out, ...statuteProblems(statutoryKey, v)];
}

function throwIfAny(problems: TFieldError[]): void {
  if (problems.length > 0) {
    throw new AppError('request.invalid', { fields: problems });
  }
}

export async function listPolicies(tx: Tx): Promise<TDeadlinePolicy[]> {
  const rows = await tx.query<PolicyRow>(sql`
    SELECT * FROM deadline_policy
    ORDER BY (matter_type = '*') DESC, matter_type, category_code NULLS FIRST, clock`);
  return rows.map(presentPolicy);
}

export async function updatePolicy(
  ctx: RequestCtx,
  id: number,
  body: TUpdateDeadlinePolicy,
): Promise<TDeadlinePolicy> {
  const before = await ctx.tx.maybeOne<PolicyRow>(
    sql`SELECT * FROM deadline_policy WHERE id = ${id} FOR UPDATE`,
  );
  if (before === undefined) {
    throw notFound();
  }
  throwIfAny(policyProblems(body, before.statutory_key));
  const row = await ctx.tx.one<PolicyRow>(sql`
    UPDATE deadline_policy SET unit = ${body.unit}, limit_value = ${body.limitValue},
      max_extension = ${body.maxExtension}, yellow_before = ${body.yellowBefore},
      urgent_limit = ${body.urgentLimit}, updated_at = ${ctx.clock.now()}
    WHERE id = ${id} RETURNING *`);
  const after = presentPolicy(row);
  await ctx.audit({
    event: 'policies.update',
    targetType: 'deadline_policy',
    targetId: id,
    regionCode: null,
    details: { before: presentPolicy(before), after },
  });
  return after;
}

async function createProblems(tx: Tx, body: TCreateDeadlinePolicy): Promise<TFieldError[]> {
  const out = policyProblems(body, body.statutoryKey);
  if (body.categoryCode !== null) {
    const known = await tx.maybeOne(sql`
      SELECT 1 FROM dict_item WHERE dict = 'matter_category' AND code = ${body.categoryCode}`);
    if (known === undefined) {
      out.push({ path: 'categoryCode', code: 'unknown', message: '事项类别不存在' });
    }
  }
  return out;
}

export async function createPolicy(
  ctx: RequestCtx,
  body: TCreateDeadlinePolicy,
): Promise<TDeadlinePolicy> {
  throwIfAny(await createProblems(ctx.tx, body));
  const taken = await ctx.tx.maybeOne(sql`
    SELECT 1 FROM deadline_policy WHERE matter_type = ${body.matterType} AND clock = ${body.clock}
      AND category_code IS NOT DISTINCT FROM ${body.categoryCode}::text`);
  if (taken !== undefined) {
    throw new AppError('resource.conflict', {
      fields: [
        { path: 'clock', code: 'taken', message: '该类型、类别的此项时限政策已存在，请修改原政策' },
      ],
    });
  }
  const row = await ctx.tx.one<PolicyRow>(sql`
    INSERT INTO deadline_policy (matter_type, category_code, clock, unit, limit_value, max_extension,
      yellow_before, statutory_key, urgent_limit, updated_at)
    VALUES (${body.matterType}, ${body.categoryCode}, ${body.clock}, ${body.unit}, ${body.limitValue},
      ${body.maxExtension}, ${body.yellowBefore}, ${body.statutoryKey}, ${body.urgentLimit},
      ${ctx.clock.now()})
    RETURNING *`);
  const out = presentPolicy(row);
  await ctx.audit({
    event: 'policies.create',
    targetType: 'deadline_policy',
    targetId: row.id,
    regionCode: null,
    details: { after: out },
  });
  return out;
}
