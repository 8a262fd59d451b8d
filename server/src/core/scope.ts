import type { Actor } from './actor.ts';
import { sql, type SqlFragment } from './db/sql.ts';

/**
 * THE data-scope predicate (DESIGN.md "Data scope"). A scope is a set of region-code prefixes:
 * by default the region of the caller's unit, so a county user sees all its townships and
 * villages (本级及以下) and nothing beside or above it. Region codes are the materialized path
 * of the region tree; a 区划调整 re-paths rows, it never changes this rule.
 *
 * Every list, get, export, search and aggregate filters through `scopeWhere`; out-of-scope rows
 * are indistinguishable from missing ones (404), so ids cannot be probed.
 */
export interface Scope {
  readonly prefixes: readonly string[];
  /** Units whose assigned work the caller also sees (a department sees what it was sent). */
  readonly unitIds: readonly number[];
  /**
   * Whether work items (matters) are seen by region. Centers see every matter of their region;
   * departments see only what was dispatched to them or what they registered (DESIGN.md).
   */
  readonly workByRegion: boolean;
}

export function scopeFor(actor: Actor): Scope {
  return {
    prefixes: [actor.regionCode],
    unitIds: [actor.unitId],
    workByRegion: actor.unitKind !== 'department',
  };
}

/** A scope for a custom prefix set (e.g. a county team covering two townships). */
export function scopeOf(prefixes: readonly string[], unitIds: readonly number[] = []): Scope {
  return { prefixes: [...prefixes], unitIds: [...unitIds], workByRegion: true };
}

export function isCodeInScope(scope: Scope, code: string): boolean {
  return scope.prefixes.some((p) => code.startsWith(p));
}

function likePattern(prefix: string): string {
  if (!/^\d+$/.test(prefix)) {
    throw new Error('scope prefixes are digit strings');
  }
  return `${prefix}%`;
}

/** `column LIKE ANY(prefixes)`: region_code columns are COLLATE "C", so this is a range scan. */
export function scopeWhere(scope: Scope, regionColumn: SqlFragment): SqlFragment {
  if (scope.prefixes.length === 0) {
    return sql`false`;
  }
  const parts = scope.prefixes.map((p) => sql`${regionColumn} LIKE ${likePattern(p)}`);
  return sql`(${sql.join(parts, ' OR ')})`;
}

/**
 * The scope of work items such as matters: the region scope (for centers) OR an explicit relation
 * to the caller's units, for rows a unit outside the region may be assigned. `unitMatch`
 * receives the unit-id array parameter and returns the relation test, e.g. an EXISTS over
 * assignments.
 */
export function workScopeWhere(
  scope: Scope,
  regionColumn: SqlFragment,
  unitMatch: (unitIds: SqlFragment) => SqlFragment,
): SqlFragment {
  const related = unitMatch(sql`${scope.unitIds}::bigint[]`);
  if (!scope.workByRegion) {
    return sql`(${related})`;
  }
  return sql`(${scopeWhere(scope, regionColumn)} OR ${related})`;
}
