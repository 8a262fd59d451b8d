import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TRole } from '@fengqiao/contracts';
import { writeAudit } from '../../../core/audit.ts';
import type { Tx } from '../../../core/db/db.ts';
import { sql } from '../../../core/db/sql.ts';
import { generateDemoGrids } from '../../../core/geo.ts';
import { bboxOf } from '../../../core/geo-shape.ts';
import type { AppDeps } from '../../../core/http/context.ts';
import { encodeTotpSecret } from '../../auth/totp-secret.ts';
import { newTotpSecret } from '../../auth/totp.ts';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, demoAccounts, type DemoAccount } from './accounts.ts';
import data from './quzhou-130435.json' with { type: 'json' };

const C = data.county.code;

async function insertRegions(tx: Tx): Promise<void> {
  const rows: [string, string, number, string | null][] = [
    [data.province.code, data.province.name, 1, null],
    [data.city.code, data.city.name, 2, data.province.code],
    [C, data.county.name, 3, data.city.code],
  ];
  for (const t of data.townships) {
    rows.push([t.code, t.name, 4, C]);
    for (const v of t.villages) {
      rows.push([v.code, v.name, 5, t.code]);
    }
  }
  await tx.query(sql`
    INSERT INTO region (code, name, level, parent_code, is_demo)
    SELECT code, name, level, parent, true
    FROM unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::text[],
      ${rows.map((r) => r[2])}::smallint[], ${rows.map((r) => r[3])}::text[]) AS t(code, name, level, parent)
    ON CONFLICT (code) DO NOTHING`);
}

interface UnitSpec {
  name: string;
  kind: string;
  dept: string | null;
  level: string | null;
  grade: number | null;
  region: string;
}

async function insertUnits(tx: Tx, units: UnitSpec[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ id: number; name: string; region_code: string }>(sql`
    INSERT INTO unit (name, kind, department_type, center_level, grade, region_code, is_demo, office_hours)
    SELECT name, kind, dept, lvl, grade, region, true, '{"start":"08:30","end":"17:30"}'::jsonb
    FROM unnest(${units.map((u) => u.name)}::text[], ${units.map((u) => u.kind)}::text[],
      ${units.map((u) => u.dept)}::text[], ${units.map((u) => u.level)}::text[],
      ${units.map((u) => u.grade)}::smallint[], ${units.map((u) => u.region)}::text[])
      AS t(name, kind, dept, lvl, grade, region)
    RETURNING id, name, region_code`);
  return new Map(rows.map((r) => [`${r.region_code}|${r.name}`, r.id]));
}

function unitSpecs(): UnitSpec[] {
  const specs: UnitSpec[] = [
    {
      name: `${data.county.name}综治中心`,
      kind: 'center',
      dept: null,
      level: 'county',
      grade: 1,
      region: C,
    },
    {
      name: `${data.county.name}人民调解委员会`,
      kind: 'mediation_org',
      dept: null,
      level: null,
      grade: null,
      region: C,
    },
    ...DEMO_DEPARTMENTS.map((d) => ({
      name: d.name,
      kind: 'department',
      dept: d.type,
      level: null,
      grade: null,
      region: C,
    })),
  ];
  for (const t of data.townships) {
    specs.push(
      {
        name: `${t.name}综治中心`,
        kind: 'center',
        dept: null,
        level: 'township',
        grade: 2,
        region: t.code,
      },
      {
        name: `${t.name}派出所`,
        kind: 'department',
        dept: '公安',
        level: null,
        grade: null,
        region: t.code,
      },
      {
        name: `${t.name}司法所`,
        kind: 'department',
        dept: '司法',
        level: null,
        grade: null,
        region: t.code,
      },
      {
        name: `${t.name}人民调解委员会`,
        kind: 'mediation_org',
        dept: null,
        level: null,
        grade: null,
        region: t.code,
      },
    );
    for (const v of t.villages) {
      specs.push({
        name: `${v.name}综治中心`,
        kind: 'center',
        dept: null,
        level: 'village',
        grade: 3,
        region: v.code,
      });
    }
  }
  return specs;
}

async function insertStations(tx: Tx, ids: Map<string, number>): Promise<void> {
  const center = ids.get(`${C}|${data.county.name}综治中心`);
  for (const d of DEMO_DEPARTMENTS) {
    const dept = ids.get(`${C}|${d.name}`);
    if (center !== undefined && dept !== undefined) {
      await tx.query(sql`INSERT INTO station (center_id, department_id, mode, timetable, region_code)
        VALUES (${center}, ${dept}, ${d.mode}, ${d.timetable}, ${C})`);
    }
  }
  for (const t of data.townships) {
    const tc = ids.get(`${t.code}|${t.name}综治中心`);
    for (const suffix of ['派出所', '司法所']) {
      const dept = ids.get(`${t.code}|${t.name}${suffix}`);
      if (tc !== undefined && dept !== undefined) {
        await tx.query(sql`INSERT INTO station (center_id, department_id, mode, timetable, region_code)
          VALUES (${tc}, ${dept}, 'resident', '工作日 08:30–17:30', ${t.code})`);
      }
    }
  }
}

async function insertGrids(tx: Tx): Promise<string[]> {
  const villages = data.townships.flatMap((t) => t.villages);
  const grids = generateDemoGrids(villages, { center: [114.95, 36.78], seed: 130435 });
  const boxes = grids.map((g) => bboxOf(g.geometry));
  await tx.query(sql`
    INSERT INTO grid (code, name, region_code, geometry, min_lon, min_lat, max_lon, max_lat, is_demo_geometry, is_demo)
    SELECT code, name, region, geom::jsonb, b1, b2, b3, b4, true, true
    FROM unnest(${grids.map((g) => g.code)}::text[], ${grids.map((g) => g.name)}::text[],
      ${grids.map((g) => g.villageCode)}::text[], ${grids.map((g) => JSON.stringify(g.geometry))}::text[],
      ${boxes.map((b) => b[0])}::float8[], ${boxes.map((b) => b[1])}::float8[],
      ${boxes.map((b) => b[2])}::float8[], ${boxes.map((b) => b[3])}::float8[])
      AS t(code, name, region, geom, b1, b2, b3, b4)`);
  return grids.map((g) => g.code);
}

async function insertAccount(
  tx: Tx,
  deps: AppDeps,
  a: DemoAccount,
  unitId: number,
  region: string,
  hash: string,
): Promise<string | null> {
  const totp = a.roles.some((r: TRole) => r === 'sysadmin' || r === 'secadmin' || r === 'auditor')
    ? newTotpSecret()
    : null;
  const now = deps.clock.now();
  const row = await tx.one<{ id: number }>(sql`
    INSERT INTO app_user (username, display_name, unit_id, region_code, password_hash, password_changed_at,
      totp_secret_enc, totp_enrolled_at, is_demo, created_at, updated_at)
    VALUES (${a.username}, ${a.displayName}, ${unitId}, ${region}, ${hash}, ${now},
      ${totp === null ? null : encodeTotpSecret(deps.cipher, totp)}, ${totp === null ? null : now}, true, ${now}, ${now})
    RETURNING id`);
  for (const role of a.roles) {
    await tx.query(sql`INSERT INTO user_role (user_id, role) VALUES (${row.id}, ${role})`);
  }
  if (a.gridIndex !== undefined) {
    const grid = await tx.one<{ code: string }>(
      sql`SELECT code FROM grid WHERE region_code = ${region} ORDER BY code OFFSET ${a.gridIndex} LIMIT 1`,
    );
    await tx.query(
      sql`INSERT INTO grid_assignment (grid_code, user_id, duty, region_code) VALUES (${grid.code}, ${row.id}, 'grid_worker', ${region})`,
    );
  }
  return totp;
}

/**
 * Seeds the demo county (曲周县, real 2023 statistical codes; generated demo grid geometry) with
 * centers, departments, stations and one account per role. Runs once per database.
 */
export async function seedDemoCounty(deps: AppDeps): Promise<string[]> {
  const seeded = await deps.db.query(sql`SELECT 1 FROM setting WHERE key = 'demo_seeded'`);
  const accounts = demoAccounts(data);
  if (seeded.length > 0) {
    return bannerLines(accounts, null);
  }
  const hashes = await Promise.all(accounts.map(() => deps.hasher.hash(DEMO_PASSWORD)));
  const secrets = await deps.db.transaction(async (tx) => {
    await insertRegions(tx);
    const ids = await insertUnits(tx, unitSpecs());
    await insertStations(tx, ids);
    await insertGrids(tx);
    const out = new Map<string, string>();
    for (const [i, a] of accounts.entries()) {
      const unitId = ids.get(`${a.region}|${a.unitName}`);
      if (unitId === undefined) {
        throw new Error(`demo unit ${a.unitName} missing`);
      }
      const secret = await insertAccount(tx, deps, a, unitId, a.region, hashes[i] ?? '');
      if (secret !== null) {
        out.set(a.username, secret);
      }
    }
    await tx.query(
      sql`INSERT INTO setting (key, value) VALUES ('demo_seeded', ${JSON.stringify({ county: C, at: deps.clock.now().toISOString() })}::jsonb)`,
    );
    await writeAudit(
      tx,
      {
        actor: null,
        actorHint: { id: null, name: 'system' },
        ip: null,
        requestId: null,
        at: deps.clock.now(),
      },
      { event: 'demo.seed', targetType: 'region', targetId: C, regionCode: C },
    );
    return out;
  });
  deps.onAuditCommitted();
  // demo only: lets `npm run totp -- admin` print codes without opening the database
  await mkdir(deps.config.dataDir, { recursive: true });
  await writeFile(
    path.join(deps.config.dataDir, 'demo-totp.json'),
    JSON.stringify(Object.fromEntries(secrets), null, 2),
    { mode: 0o600 },
  );
  return bannerLines(accounts, secrets);
}

function bannerLines(accounts: DemoAccount[], secrets: Map<string, string> | null): string[] {
  const lines = [
    '',
    `演示数据：${data.province.name}${data.city.name}${data.county.name}（${C}），网格边界为生成的演示几何`,
    `演示账号（密码均为 ${DEMO_PASSWORD}）：`,
  ];
  for (const a of accounts) {
    const secret = secrets?.get(a.username);
    lines.push(
      `  ${a.username.padEnd(12)} ${a.roleLabel.padEnd(8)} ${a.unitName}${secret ? `  TOTP 密钥 ${secret}` : ''}`,
    );
  }
  lines.push('管理员账号需动态验证码：npm run totp -- <用户名> 显示当前验证码。');
  return lines;
}
