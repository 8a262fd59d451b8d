import type { TAction, TGuard, TRelation, TTransition } from '@fengqiao/contracts';
import { machineFor } from '@fengqiao/contracts';
import type { Actor } from '../../core/actor.ts';
import type { Queryable } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import {
  findPendingExtension,
  listAssignments,
  type AssignmentRow,
  type MatterRow,
  type PendingExtension,
} from './queries.ts';

const OPEN_ASSIGNMENT = new Set(['to_sign', 'handling', 'fed_back']);

/** What the engine knows about the caller's relation to one matter, loaded once per request. */
export interface Facts {
  actor: Actor;
  isOwner: boolean;
  /** The caller's unit is a center above the owning center (督办 comes from above). */
  isUpper: boolean;
  assignments: AssignmentRow[];
  /** The caller's unit's assignment in the current cycle, if any. */
  mine: AssignmentRow | undefined;
  pendingExtension: PendingExtension | undefined;
  parentCenterId: number | null;
  closedThisCycle: boolean;
}

function parentRegion(code: string): string | null {
  const lengths = [2, 4, 6, 9, 12];
  const i = lengths.indexOf(code.length);
  return i <= 0 ? null : code.slice(0, lengths[i - 1]);
}

/** The center one level up from the owning center's region (上报 goes there). */
export async function findParentCenter(db: Queryable, ownerRegion: string): Promise<number | null> {
  let region = parentRegion(ownerRegion);
  while (region !== null) {
    const rows = await db.query<{ id: number }>(sql`
      SELECT id FROM unit WHERE kind = 'center' AND region_code = ${region} ORDER BY id LIMIT 1`);
    const id = rows[0]?.id;
    if (id !== undefined) {
      return id;
    }
    region = parentRegion(region);
  }
  return null;
}

export async function loadFacts(db: Queryable, m: MatterRow, actor: Actor): Promise<Facts> {
  const assignments = await listAssignments(db, m.id, m.cycle);
  const mine = assignments.filter((a) => a.unit_id === actor.unitId).sort((a, b) => b.id - a.id)[0];
  const closed = await db.query(sql`
    SELECT 1 FROM matter_history WHERE matter_id = ${m.id} AND cycle = ${m.cycle} AND action = 'close' LIMIT 1`);
  return {
    actor,
    isOwner: actor.unitId === m.owner_unit_id,
    isUpper:
      actor.unitKind === 'center' &&
      m.owner_region_code.startsWith(actor.regionCode) &&
      m.owner_region_code !== actor.regionCode,
    assignments,
    mine,
    pendingExtension: await findPendingExtension(db, m.id),
    parentCenterId: await findParentCenter(db, m.owner_region_code),
    closedThisCycle: closed.length > 0,
  };
}

export function relationHolds(relation: TRelation, f: Facts): boolean {
  const open = f.mine !== undefined && OPEN_ASSIGNMENT.has(f.mine.status);
  switch (relation) {
    case 'owner':
      return f.isOwner;
    case 'assignee':
      return open;
    case 'lead':
      return open && f.mine?.is_lead === true;
    case 'owner_or_upper':
      return f.isOwner || f.isUpper;
  }
}

/** Returns the error code of the first failing guard, or null. */
export function failingGuard(guards: readonly TGuard[], f: Facts): string | null {
  for (const g of guards) {
    const ok = {
      assignment_to_sign: f.mine?.status === 'to_sign',
      assignment_open: f.mine?.status === 'to_sign' || f.mine?.status === 'handling',
      assignment_handling: f.mine?.status === 'handling',
      pending_extension: f.pendingExtension !== undefined,
      no_pending_extension: f.pendingExtension === undefined,
      not_closed_before: !f.closedThisCycle,
      has_parent_center: f.parentCenterId !== null,
    }[g];
    if (!ok) {
      return GUARD_ERRORS[g];
    }
  }
  return null;
}

export const GUARD_ERRORS = {
  assignment_to_sign: 'matter.assignment_not_open',
  assignment_open: 'matter.assignment_not_open',
  assignment_handling: 'matter.assignment_not_open',
  pending_extension: 'matter.no_pending_extension',
  no_pending_extension: 'matter.extension_pending',
  not_closed_before: 'matter.already_closed',
  has_parent_center: 'matter.no_parent_center',
} as const satisfies Record<TGuard, string>;

/** The actions the caller may take now: the server's answer, never re-derived by the web. */
export function abilitiesOf(m: MatterRow, f: Facts): TAction[] {
  return machineFor(m.type)
    .filter((t: TTransition) => t.from.includes(m.status))
    .filter((t) => f.actor.permissions.includes(t.permission) && relationHolds(t.relation, f))
    .filter((t) => failingGuard(t.guards, f) === null)
    .map((t) => t.action);
}
