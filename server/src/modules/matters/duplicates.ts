// 并单 suggestions at intake: recent matters of the same (or a sibling) category registered
// nearby or in similar words, so the clerk merges instead of registering the same event twice.
import type { z, ZDuplicateCandidate, ZDuplicateQuery } from '@fengqiao/contracts';
import type { Tx } from '../../core/db/db.ts';
import { sql, type SqlFragment } from '../../core/db/sql.ts';
import type { Scope } from '../../core/scope.ts';
import { similarityTsQuery, type BlindIndex } from './search.ts';
import { matterScope, presentSummary, SUMMARY_COLUMNS, type SummaryRow } from './summary.ts';

// The contracts name no inferred types for these two schemas (yet).
export type TDuplicateQuery = z.output<typeof ZDuplicateQuery>;
export type TDuplicateCandidate = z.output<typeof ZDuplicateCandidate>;

const NEAR_METRES = 300;
const MAX_CANDIDATES = 10;
/** Below this share of the description's words a text match alone is not worth showing. */
const MIN_TEXT_ONLY_SIMILARITY = 0.2;
const SIMILAR_TEXT = 0.25;
/** Mean radius of the IUGG ellipsoid; equirectangular error is < 0.1 % at 300 m. */
const EARTH_RADIUS_M = 6371008.8;
// ts_rank scores an OR query by Σ(matched item weight)/items/ζ(2); unit weights and this factor
// turn it into about "share of the description's words the candidate also has", capped at 1.
const ZETA_2 = 1.6449340668;

/** Score weights, summing to 1: place counts most, then wording, then recency. */
const W = { grid: 0.25, near: 0.25, region: 0.1, text: 0.25, recent: 0.1, category: 0.05 };

export interface FindDuplicatesOptions {
  now: Date;
  /** Reserved for party-name matching: ZDuplicateQuery carries no parties yet. */
  blindIndex: BlindIndex;
  /** The matter being edited, when re-checking an existing one. */
  excludeId?: number;
}

interface DuplicateRow extends SummaryRow {
  same_grid: boolean;
  same_region: boolean;
  same_category: boolean;
  distance_m: number | null;
  similarity: number;
  age_days: number;
  score: number;
}

/** Same code, or a sibling under the same parent in the category dictionary. */
function categoryMatch(code: string): SqlFragment {
  return sql`(m.category_code = ${code} OR m.category_code IN (
    SELECT s.code FROM dict_item c JOIN dict_item s ON s.dict = c.dict AND s.parent_code = c.parent_code
    WHERE c.dict = 'matter_category' AND c.code = ${code}))`;
}

function distanceExpr(point: TDuplicateQuery['point']): SqlFragment {
  if (point === undefined) {
    return sql`NULL::float8`;
  }
  const lon = sql`${point.lon}::float8`;
  const lat = sql`${point.lat}::float8`;
  return sql`CASE WHEN m.lon IS NULL OR m.lat IS NULL THEN NULL ELSE ${EARTH_RADIUS_M}::float8 * sqrt(
    power(radians(m.lon - ${lon}) * cos(radians((m.lat + ${lat}) / 2)), 2)
    + power(radians(m.lat - ${lat}), 2)) END`;
}

function similarityExpr(description: string): SqlFragment {
  const q = similarityTsQuery(description);
  if (q === null) {
    return sql`0::float8`;
  }
  return sql`least(1, coalesce(ts_rank('{1,1,1,1}'::float4[], m.search, to_tsquery('simple', ${q})), 0)
    * ${ZETA_2}::float8)`;
}

function scoreExpr(days: number): SqlFragment {
  return sql`(
    CASE WHEN f.same_grid THEN ${W.grid}::float8 ELSE 0 END
    + CASE WHEN f.distance_m <= ${NEAR_METRES} THEN ${W.near}::float8 * (1 - f.distance_m / ${NEAR_METRES * 2}) ELSE 0 END
    + CASE WHEN f.same_region THEN ${W.region}::float8 ELSE 0 END
    + ${W.text}::float8 * f.similarity
    + ${W.recent}::float8 * greatest(0, 1 - f.age_days / ${days}::float8)
    + CASE WHEN f.same_category THEN ${W.category}::float8 ELSE 0 END)`;
}

function ageReason(days: number): string {
  const whole = Math.floor(days);
  return whole < 1 ? '1 天内登记' : `${whole} 天前登记`;
}

function reasonsOf(r: DuplicateRow): string[] {
  const reasons: string[] = [];
  if (r.same_grid) {
    reasons.push('同一网格');
  }
  if (r.distance_m !== null && r.distance_m <= NEAR_METRES) {
    reasons.push(`距离约 ${Math.max(10, Math.round(r.distance_m / 10) * 10)} 米`);
  }
  if (r.same_region && !r.same_grid) {
    reasons.push(`同在${r.region_name}`);
  }
  if (r.similarity >= SIMILAR_TEXT) {
    reasons.push('描述相似');
  }
  if (!r.same_category) {
    reasons.push(`同属上级类别（${r.category_name ?? r.category_code}）`);
  }
  reasons.push(ageReason(r.age_days));
  return reasons;
}

/**
 * Up to ten possible duplicates within the caller's scope, best first. `score` (0–1) weighs
 * place (grid, distance, village), wording and recency; `rank` carries the text similarity.
 */
export async function findDuplicates(
  tx: Tx,
  scope: Scope,
  input: TDuplicateQuery,
  opts: FindDuplicatesOptions,
): Promise<TDuplicateCandidate[]> {
  const since = new Date(opts.now.getTime() - input.days * 86_400_000);
  const rows = await tx.query<DuplicateRow>(sql`
    SELECT ${SUMMARY_COLUMNS}, f.same_grid, f.same_region, f.same_category, f.distance_m,
      f.similarity, f.similarity AS rank, f.age_days, s.score
    FROM matter m
    CROSS JOIN LATERAL (SELECT
      coalesce(m.grid_code = ${input.gridCode ?? null}::text, false) AS same_grid,
      m.region_code = ${input.regionCode}::text AS same_region,
      m.category_code = ${input.categoryCode}::text AS same_category,
      ${distanceExpr(input.point)} AS distance_m,
      ${similarityExpr(input.description)} AS similarity,
      extract(epoch FROM ${opts.now}::timestamptz - m.registered_at)::float8 / 86400 AS age_days
    ) f
    CROSS JOIN LATERAL (SELECT ${scoreExpr(input.days)} AS score) s
    WHERE ${matterScope(scope)}
      AND m.registered_at > ${since}::timestamptz AND m.registered_at <= ${opts.now}::timestamptz
      AND m.status NOT IN ('merged', 'declined', 'terminated') AND m.merged_into IS NULL
      AND m.id <> ${opts.excludeId ?? 0}::bigint
      AND ${categoryMatch(input.categoryCode)}
      AND (f.same_grid OR f.same_region OR f.distance_m <= ${NEAR_METRES}
        OR f.similarity >= ${MIN_TEXT_ONLY_SIMILARITY})
    ORDER BY s.score DESC, m.registered_at DESC, m.id DESC
    LIMIT ${MAX_CANDIDATES}`);
  return rows.map((r) => ({
    ...presentSummary({ ...r, rank: Math.round(r.similarity * 1000) / 1000 }),
    score: Math.round(r.score * 100) / 100,
    reasons: reasonsOf(r),
  }));
}
