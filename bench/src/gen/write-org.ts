// Writes the generated organisation: regions, units, grids (with demo geometry), staff accounts,
// roles and grid assignments, in batches, parents before children.
import { scryptSync } from 'node:crypto';
import type { Db } from '@fengqiao/server/core/db/db.ts';
import { PRODUCTION_SCRYPT } from '@fengqiao/server/modules/auth/password-hash.ts';
import { Batch, Writer } from '../lib/bulk.ts';
import { streamSeed } from '../lib/rng.ts';
import type { Org } from './org.ts';

/** The password of every generated account (bench databases only). */
export const BENCH_PASSWORD = 'Bench@2026-fengqiao';

/** A production-strength scrypt hash with a salt derived from the seed (deterministic rows). */
export function benchPasswordHash(seed: number): string {
  const p = PRODUCTION_SCRYPT;
  const salt = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) {
    salt.writeUInt32BE(streamSeed(seed, 'salt', i), i * 4);
  }
  const key = scryptSync(BENCH_PASSWORD.normalize('NFKC'), salt, 32, {
    N: p.N,
    r: p.r,
    p: p.p,
    maxmem: 256 * p.N * p.r * p.p + 1024 * 1024,
  });
  return `scrypt$${p.N}$${p.r}$${p.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const col = (name: string, type: string, expr?: string) => ({
  name,
  type,
  ...(expr ? { expr } : {}),
});

export async function writeOrg(db: Db, org: Org, seed: number, createdAt: Date): Promise<void> {
  const w = new Writer(db, 1);
  const flushEvery = async (b: Batch, n = 10_000) => {
    if (b.size >= n) {
      await w.flush(b);
    }
  };
  const regions = new Batch(
    'region',
    [
      col('code', 'text'),
      col('name', 'text'),
      col('level', 'smallint'),
      col('parent_code', 'text'),
    ],
    false,
  );
  for (const r of [...org.regions].sort(
    (a, b) => a.level - b.level || a.code.localeCompare(b.code),
  )) {
    regions.push(r.code, r.name, r.level, r.parent);
    await flushEvery(regions);
  }
  await w.flush(regions);
  await w.drain();
  const units = new Batch('unit', [
    col('id', 'bigint'),
    col('name', 'text'),
    col('kind', 'text'),
    col('department_type', 'text'),
    col('center_level', 'text'),
    col('grade', 'smallint'),
    col('region_code', 'text'),
    col('parent_id', 'bigint'),
    col('office_hours', 'text', 'u.office_hours::jsonb'),
  ]);
  for (const u of org.units) {
    units.push(
      u.id,
      u.name,
      u.kind,
      u.departmentType,
      u.centerLevel,
      u.grade,
      u.regionCode,
      u.parentId,
      '{"start":"08:30","end":"17:30"}',
    );
    await flushEvery(units);
  }
  await w.flush(units);
  await w.drain();
  const grids = new Batch(
    'grid',
    [
      col('code', 'text'),
      col('name', 'text'),
      col('region_code', 'text'),
      col('geometry', 'text', 'u.geometry::jsonb'),
      col('min_lon', 'float8'),
      col('min_lat', 'float8'),
      col('max_lon', 'float8'),
      col('max_lat', 'float8'),
      col('households', 'int'),
      col('population', 'int'),
      col('is_demo_geometry', 'boolean'),
    ],
    false,
  );
  for (const v of org.villages) {
    for (const [i, g] of v.grids.entries()) {
      const [we, s, e, n] = g.rect;
      const ring = [
        [we, s],
        [e, s],
        [e, n],
        [we, n],
        [we, s],
      ];
      grids.push(
        g.code,
        `${v.name}第${i + 1}网格`,
        v.code,
        JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
        we,
        s,
        e,
        n,
        g.households,
        g.population,
        true,
      );
      await flushEvery(grids, 5000);
    }
  }
  await w.flush(grids);
  await w.drain();
  const hash = benchPasswordHash(seed);
  const at = createdAt.getTime() / 1000;
  const users = new Batch('app_user', [
    col('id', 'bigint'),
    col('username', 'text'),
    col('display_name', 'text'),
    col('unit_id', 'bigint'),
    col('region_code', 'text'),
    col('password_hash', 'text'),
    col('password_changed_at', 'float8', 'to_timestamp(u.password_changed_at)'),
    col('created_at', 'float8', 'to_timestamp(u.created_at)'),
    col('updated_at', 'float8', 'to_timestamp(u.updated_at)'),
  ]);
  const roles = new Batch('user_role', [col('user_id', 'bigint'), col('role', 'text')], false);
  for (const u of org.users) {
    users.push(u.id, `u${u.id}`, u.displayName, u.unitId, u.regionCode, hash, at, at, at);
    roles.push(u.id, u.role);
    if (users.size >= 10_000) {
      await w.flush(users);
      await w.drain();
      await w.flush(roles);
    }
  }
  await w.flush(users);
  await w.drain();
  await w.flush(roles);
  await w.drain();
  const assignments = new Batch(
    'grid_assignment',
    [
      col('grid_code', 'text'),
      col('user_id', 'bigint'),
      col('duty', 'text'),
      col('region_code', 'text'),
    ],
    false,
  );
  for (const v of org.villages) {
    for (const g of v.grids) {
      g.staff.forEach((uid, i) => {
        assignments.push(g.code, uid, i === 0 ? 'grid_worker' : 'assistant', v.code);
      });
      await flushEvery(assignments);
    }
  }
  await w.flush(assignments);
  await w.close();
  for (const t of ['unit', 'app_user']) {
    await db.pool.query(
      `SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`,
    );
  }
}
