import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_ROLES, type TRole } from '@fengqiao/contracts';
import { sql } from '../core/db/sql.ts';
import type { AppDeps } from '../core/http/context.ts';
import { encodeTotpSecret } from '../modules/auth/totp-secret.ts';
import { newTotpSecret, totpNow } from '../modules/auth/totp.ts';

type Call = (
  method: string,
  url: string,
  o?: { cookie?: string | undefined; body?: unknown; ip?: string },
) => Promise<LightMyRequestResponse>;

export const TEST_PASSWORD = 'Xq7#mVt9!pLz';

/**
 * The fixture tree of SECURITY.md: county C1 with townships T1 (villages V1a, V1b) and T2
 * (village V2a); a foreign county C2 (township T3, village V3a). Codes are fictitious.
 */
export const TREE = {
  P: '91',
  M: '9101',
  C1: '910101',
  T1: '910101001',
  V1a: '910101001001',
  V1b: '910101001002',
  T2: '910101002',
  V2a: '910101002001',
  C2: '910102',
  T3: '910102001',
  V3a: '910102001001',
} as const;
export type TreeKey = keyof typeof TREE;

export interface TestUser {
  id: number;
  username: string;
  password: string;
  totpSecret: string | null;
  unitId: number;
  regionCode: string;
}

let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${counter}`;
}

/** Builds rows with unique values through the same SQL the app uses (CONVENTIONS §4.8). */
export class Factory {
  private readonly deps: AppDeps;
  private readonly call: Call;
  private centers = new Map<string, number>();
  constructor(deps: AppDeps, call: Call) {
    this.deps = deps;
    this.call = call;
  }

  /** Creates the fixture tree with one center per region; idempotent within a test file. */
  async tree(): Promise<typeof TREE> {
    if (this.centers.size > 0) {
      return TREE;
    }
    const rows: [string, number, string | null][] = [
      [TREE.P, 1, null],
      [TREE.M, 2, TREE.P],
      [TREE.C1, 3, TREE.M],
      [TREE.C2, 3, TREE.M],
      [TREE.T1, 4, TREE.C1],
      [TREE.T2, 4, TREE.C1],
      [TREE.T3, 4, TREE.C2],
      [TREE.V1a, 5, TREE.T1],
      [TREE.V1b, 5, TREE.T1],
      [TREE.V2a, 5, TREE.T2],
      [TREE.V3a, 5, TREE.T3],
    ];
    const names = Object.fromEntries(Object.entries(TREE).map(([k, v]) => [v, k])) as Record<
      string,
      string
    >;
    for (const [code, level, parent] of rows) {
      await this.deps.db.query(
        sql`INSERT INTO region (code, name, level, parent_code) VALUES (${code}, ${`区划${names[code] ?? code}`}, ${level}, ${parent})`,
      );
      if (level >= 3) {
        const lvl = level === 3 ? 'county' : level === 4 ? 'township' : 'village';
        const row = await this.deps.db.query<{ id: number }>(sql`
          INSERT INTO unit (name, kind, center_level, grade, region_code) VALUES (${`${names[code] ?? code}综治中心`}, 'center', ${lvl}, 2, ${code}) RETURNING id`);
        this.centers.set(code, row[0]?.id ?? 0);
      }
    }
    return TREE;
  }

  center(code: string): number {
    const id = this.centers.get(code);
    if (id === undefined) {
      throw new Error(`no fixture center at ${code}; call tree() first`);
    }
    return id;
  }

  async unit(o: {
    regionCode: string;
    kind?: string;
    departmentType?: string;
    name?: string;
  }): Promise<number> {
    const kind = o.kind ?? 'department';
    const row = await this.deps.db.query<{ id: number }>(sql`
      INSERT INTO unit (name, kind, department_type, center_level, region_code)
      VALUES (${o.name ?? unique('单位')}, ${kind}, ${kind === 'department' ? (o.departmentType ?? '公安') : null},
        ${kind === 'center' ? 'township' : null}, ${o.regionCode}) RETURNING id`);
    return row[0]?.id ?? 0;
  }

  async grid(villageCode: string, seq?: number): Promise<string> {
    const n = seq ?? Math.floor(Math.random() * 900) + 100;
    const code = `${villageCode}${String(n).padStart(3, '0')}`;
    await this.deps.db.query(
      sql`INSERT INTO grid (code, name, region_code) VALUES (${code}, ${`网格${n}`}, ${villageCode}) ON CONFLICT DO NOTHING`,
    );
    return code;
  }

  /** A user with roles at a unit (default: the center of regionCode); admins get TOTP enrolled. */
  async user(o: {
    roles: TRole[];
    regionCode?: string;
    unitId?: number;
    password?: string;
    mustChange?: boolean;
  }): Promise<TestUser> {
    const regionCode = o.regionCode ?? TREE.C1;
    const unitId = o.unitId ?? this.center(regionCode);
    const unitRegion = await this.deps.db.query<{ region_code: string }>(
      sql`SELECT region_code FROM unit WHERE id = ${unitId}`,
    );
    const password = o.password ?? TEST_PASSWORD;
    const username = unique('u');
    const needsTotp = o.roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r));
    const secret = needsTotp ? newTotpSecret() : null;
    const now = this.deps.clock.now();
    const row = await this.deps.db.query<{ id: number }>(sql`
      INSERT INTO app_user (username, display_name, unit_id, region_code, password_hash, password_changed_at, must_change_password,
        totp_secret_enc, totp_enrolled_at, created_at, updated_at)
      VALUES (${username}, ${`测试${username}`}, ${unitId}, ${unitRegion[0]?.region_code ?? regionCode}, ${await this.deps.hasher.hash(password)}, ${now},
        ${o.mustChange ?? false}, ${secret === null ? null : encodeTotpSecret(this.deps.cipher, secret)}, ${secret === null ? null : now}, ${now}, ${now})
      RETURNING id`);
    const id = row[0]?.id ?? 0;
    for (const role of o.roles) {
      await this.deps.db.query(sql`INSERT INTO user_role (user_id, role) VALUES (${id}, ${role})`);
    }
    return {
      id,
      username,
      password,
      totpSecret: secret,
      unitId,
      regionCode: unitRegion[0]?.region_code ?? regionCode,
    };
  }

  /** Logs in (with the TOTP step for admins) and returns the session cookie header. */
  async login(u: TestUser): Promise<string> {
    // each fixture user logs in from its own address, so the per-address login limit stays out of the way
    const ip = `10.${(u.id >> 16) & 255}.${(u.id >> 8) & 255}.${u.id & 255}`;
    const res = await this.call('POST', '/api/auth/login', {
      body: { username: u.username, password: u.password },
      ip,
    });
    if (res.statusCode !== 200) {
      throw new Error(`login failed for ${u.username}: ${res.statusCode} ${res.body}`);
    }
    const cookie = sessionCookie(res);
    if (u.totpSecret !== null && res.json<{ stage: string }>().stage === 'mfa_pending') {
      // each TOTP step can be used once: move the clock to a fresh 30-second step
      this.deps.clock.now();
      const clock = this.deps.clock as { advance?: (ms: number) => void };
      clock.advance?.(30_000);
      const code = totpNow(u.totpSecret, this.deps.clock.now());
      const v = await this.call('POST', '/api/auth/totp/verify', { cookie, body: { code }, ip });
      if (v.statusCode !== 200) {
        throw new Error(`TOTP failed for ${u.username}: ${v.statusCode} ${v.body}`);
      }
    }
    return cookie;
  }

  async as(o: {
    roles: TRole[];
    regionCode?: string;
    unitId?: number;
  }): Promise<{ user: TestUser; cookie: string }> {
    const user = await this.user(o);
    return { user, cookie: await this.login(user) };
  }
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'fq_sid');
  if (c === undefined) {
    throw new Error('no session cookie in response');
  }
  return `fq_sid=${c.value}`;
}
