// The one list shape of a matter (worklists, search results, duplicate candidates).
import type { TMatterSummary } from '@fengqiao/contracts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import { workScopeWhere, type Scope } from '../../core/scope.ts';

export interface SummaryRow {
  id: number;
  code: string;
  type: TMatterSummary['type'];
  category_code: string;
  category_name: string | null;
  channel: TMatterSummary['channel'];
  title: string;
  region_code: string;
  region_name: string;
  status: TMatterSummary['status'];
  due_at: Date | null;
  warning: TMatterSummary['warning'];
  supervised: boolean;
  urgent: boolean;
  registered_at: Date;
  owner_unit_name: string;
  rank: number | null;
}

/** Columns of SummaryRow over `matter m`; add `rank` in the query that ranks. */
export const SUMMARY_COLUMNS = sql`
  m.id, m.code, m.type, m.category_code,
  (SELECT d.name FROM dict_item d WHERE d.dict = 'matter_category' AND d.code = m.category_code) AS category_name,
  m.channel, m.title, m.region_code, (SELECT r.name FROM region r WHERE r.code = m.region_code) AS region_name,
  m.status, m.due_at, m.warning, m.supervised, m.urgent, m.registered_at,
  (SELECT u.name FROM unit u WHERE u.id = m.owner_unit_id) AS owner_unit_name`;

/**
 * THE visibility rule of matters, built on core/scope.ts: a center sees its region; every unit
 * also sees what was dispatched to it and what it registered.
 */
export function matterScope(scope: Scope, alias = sql`m`): SqlFragment {
  return workScopeWhere(
    scope,
    sql`${alias}.region_code`,
    (ids) => sql`(
    ${alias}.registered_unit_id = ANY(${ids}) OR ${alias}.owner_unit_id = ANY(${ids})
    OR EXISTS (SELECT 1 FROM matter_assignment sa WHERE sa.matter_id = ${alias}.id AND sa.unit_id = ANY(${ids})))`,
  );
}

export function presentSummary(r: SummaryRow): TMatterSummary {
  return {
    id: r.id,
    code: r.code,
    type: r.type,
    categoryCode: r.category_code,
    categoryName: r.category_name ?? r.category_code,
    channel: r.channel,
    title: r.title,
    regionCode: r.region_code,
    regionName: r.region_name,
    status: r.status,
    dueAt: r.due_at?.toISOString() ?? null,
    warning: r.warning,
    supervised: r.supervised,
    urgent: r.urgent,
    registeredAt: r.registered_at.toISOString(),
    rank: r.rank,
    ownerUnitName: r.owner_unit_name,
  };
}
