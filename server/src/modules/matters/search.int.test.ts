import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { scopeOf, type Scope } from '../../core/scope.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { findDuplicates, type TDuplicateQuery } from './duplicates.ts';
import { matterSearchDocument, searchMatch, searchRank, searchTsQuery } from './search.ts';
import { matterScope } from './summary.ts';

let t: TestApp;
let userId: number;
let seq = 0;
const DAY = 86_400_000;
/** The test clock's start: matters are registered relative to it. */
const NOW = new Date('2026-03-02T01:00:00Z');
const P = { lon: 114.95, lat: 36.78 };
const METRES_PER_DEG = (6371008.8 * Math.PI) / 180;

const blindIndex = (s: string): string => t.deps.cipher.blindIndex(s);

interface Seed {
  title: string;
  description: string;
  region?: string;
  grid?: string | null;
  category?: string;
  point?: { lon: number; lat: number };
  daysAgo?: number;
  status?: string;
  parties?: string[];
}

function codeOf(n: number): string {
  return `FQ-20260302-${String(n).padStart(4, '0')}`;
}

/** Direct SQL insert of a matter with its search vector, as registration will write it. */
async function insertMatter(s: Seed): Promise<number> {
  seq += 1;
  const code = codeOf(seq);
  const region = s.region ?? TREE.V1a;
  const unitId = t.f.center(region);
  const parties = s.parties ?? [];
  const doc = matterSearchDocument(
    { code, title: s.title, description: s.description, address: null, partyNames: parties },
    blindIndex,
  );
  const at = new Date(NOW.getTime() - (s.daysAgo ?? 1) * DAY);
  const row = await t.db.query<{ id: number }>(sql`
    INSERT INTO matter (code, tracking_code, type, category_code, channel, title, description,
      region_code, grid_code, lon, lat, status, owner_unit_id, registered_unit_id, registered_by,
      arose_level, registered_at, updated_at, search)
    VALUES (${code}, ${`TRK${seq}`}, 'dispute', ${s.category ?? 'D01'}, 'walk_in', ${s.title},
      ${s.description}, ${region}, ${s.grid ?? null}, ${s.point?.lon ?? null}, ${s.point?.lat ?? null},
      ${s.status ?? 'registered'}, ${unitId}, ${unitId}, ${userId}, 5, ${at}, ${at},
      to_tsvector('simple', ${doc}))
    RETURNING id`);
  const id = row[0]?.id ?? 0;
  for (const name of parties) {
    await t.db.query(sql`
      INSERT INTO matter_party (matter_id, role, name_enc, region_code)
      VALUES (${id}, 'applicant', ${t.deps.cipher.encrypt(name)}, ${region})`);
  }
  return id;
}

async function search(q: string, scope: Scope): Promise<number[]> {
  const tsq = searchTsQuery(q, blindIndex);
  if (tsq === null) {
    return [];
  }
  const rows = await t.db.query<{ id: number }>(sql`
    SELECT m.id FROM matter m WHERE ${matterScope(scope)} AND ${searchMatch(tsq)}
    ORDER BY ${searchRank(tsq)} DESC, m.id`);
  return rows.map((r) => r.id);
}

function north(metres: number): { lon: number; lat: number } {
  return { lon: P.lon, lat: P.lat + metres / METRES_PER_DEG };
}

function east(metres: number): { lon: number; lat: number } {
  const perDegLon = METRES_PER_DEG * Math.cos((P.lat * Math.PI) / 180);
  return { lon: P.lon + metres / perDegLon, lat: P.lat };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  userId = (await t.f.user({ roles: ['dispatcher'], regionCode: TREE.T1 })).id;
});

afterAll(async () => {
  await t.close();
});

describe('full-text search', () => {
  const T1 = scopeOf([TREE.T1]);
  const ids = {
    noisy: 0,
    neighbours: 0,
    land: 0,
    welfare: 0,
    foreign: 0,
    wages: 0,
    manhole: 0,
    titled: 0,
    mentioned: 0,
  };

  beforeAll(async () => {
    ids.noisy = await insertMatter({
      title: '楼上噪音扰民',
      description: '楼上住户夜间噪音不断，噪音持续到凌晨',
    });
    ids.neighbours = await insertMatter({ title: '邻里纠纷', description: '邻居反映隔壁装修噪音' });
    ids.land = await insertMatter({
      title: '宅基地纠纷',
      description: '张三与李四因宅基地界址发生纠纷，多次调解未果，纠纷升级',
    });
    ids.welfare = await insertMatter({ title: '低保申请', description: '申请低保未获批复' });
    ids.foreign = await insertMatter({
      title: '噪音扰民',
      description: '广场舞噪音',
      region: TREE.V2a,
    });
    ids.wages = await insertMatter({
      title: '欠薪',
      description: '农民工反映工资被拖欠',
      parties: ['王建国'],
    });
    ids.manhole = await insertMatter({
      title: '路面隐患',
      description: '路口井盖丢失存在安全隐患',
    });
    ids.titled = await insertMatter({ title: '违章建筑', description: '村东头有人违建' });
    ids.mentioned = await insertMatter({ title: '群众举报', description: '村口有违章建筑' });
  });

  it('ranks a common term by occurrences and title hits', async () => {
    expect(await search('噪音', T1)).toEqual([ids.noisy, ids.neighbours]);
    expect(await search('纠纷', T1)).toEqual([ids.land, ids.neighbours]);
    expect(await search('违章建筑', T1)).toEqual([ids.titled, ids.mentioned]);
  });

  it('finds a rare term and a two-character term', async () => {
    expect(await search('井盖', T1)).toEqual([ids.manhole]);
    expect(await search('低保', T1)).toEqual([ids.welfare]);
    expect(await search('矛盾', T1)).toEqual([]);
  });

  it('requires every term of the query', async () => {
    expect(await search('噪音 凌晨', T1)).toEqual([ids.noisy]);
    expect(await search('噪音，宅基地', T1)).toEqual([]);
  });

  it('finds a matter by its code', async () => {
    const code = await t.db.query<{ code: string }>(
      sql`SELECT code FROM matter WHERE id = ${ids.welfare}`,
    );
    expect(await search(code[0]?.code ?? '', T1)).toEqual([ids.welfare]);
  });

  it("finds a party's full name that appears nowhere in clear", async () => {
    expect(await search('王建国', T1)).toEqual([ids.wages]);
    expect(await search(' 王 建国 ', T1)).toEqual([]);
    const rows = await t.db.query<{ row: string }>(sql`
      SELECT m::text AS row FROM matter m WHERE m.id = ${ids.wages}
      UNION ALL SELECT p::text FROM matter_party p WHERE p.matter_id = ${ids.wages}`);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.row).not.toMatch(/王|建国/);
    }
  });

  it('filters by scope', async () => {
    expect(await search('噪音', scopeOf([TREE.T2]))).toEqual([ids.foreign]);
    expect(await search('噪音', scopeOf([TREE.C1]))).toContain(ids.foreign);
    expect(await search('广场舞', T1)).toEqual([]);
  });

  const HOSTILE = [
    "a&b|!c:*'",
    "'",
    "''''",
    '\\',
    '!!',
    '()',
    'a:*',
    'a <-> b',
    "噪音 & | ! ( ) : * \\ '",
    "王建国'); DROP TABLE matter; --",
    '\u0000\u0001',
    '\uD800噪音',
    '𠮷野家',
    'x'.repeat(5000),
    '中'.repeat(3000),
    '',
  ];

  it('never lets a hostile query break to_tsquery', async () => {
    for (const q of HOSTILE) {
      const tsq = searchTsQuery(q, blindIndex);
      if (tsq !== null) {
        await expect(
          t.db.query(sql`SELECT ${searchMatch(tsq)} FROM matter m`),
        ).resolves.toBeDefined();
      }
    }
    expect(await search("噪音 & | ! ( ) : * \\ '", T1)).toEqual([ids.noisy, ids.neighbours]);
  });

  it('accepts whatever searchTsQuery makes of arbitrary input (property)', async () => {
    const syntax = fc.constantFrom(
      ...'&|!():*\'"\\<>-· \t王建国低保噪音a1'.split(''),
      '\u0000',
      '𠮷',
    );
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: syntax, maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(input, async (q) => {
        const tsq = searchTsQuery(q, blindIndex);
        if (tsq !== null) {
          await t.db.query(sql`SELECT count(*) FROM matter m WHERE ${searchMatch(tsq)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('findDuplicates', () => {
  const T1 = scopeOf([TREE.T1]);
  const TEXT = '幸福小区门口烧烤摊油烟熏人，夜间喧哗扰民';
  const ids = {
    best: 0,
    sibling: 0,
    nearby: 0,
    textOnly: 0,
    unrelated: 0,
    old: 0,
    foreign: 0,
    merged: 0,
    declined: 0,
    otherKind: 0,
  };
  let grid1 = '';
  let query: TDuplicateQuery;

  const find = (input: Partial<TDuplicateQuery>, scope = T1, excludeId?: number) =>
    t.db.transaction((tx) =>
      findDuplicates(
        tx,
        scope,
        { ...query, ...input },
        {
          now: NOW,
          blindIndex,
          ...(excludeId === undefined ? {} : { excludeId }),
        },
      ),
    );

  beforeAll(async () => {
    grid1 = await t.f.grid(TREE.V1a, 1);
    const grid2 = await t.f.grid(TREE.V1a, 2);
    query = {
      categoryCode: 'U1',
      regionCode: TREE.V1a,
      gridCode: grid1,
      point: P,
      description: TEXT,
      days: 30,
    };
    const base = { title: '烧烤油烟', category: 'U1' };
    ids.best = await insertMatter({
      ...base,
      description: '幸福小区门口烧烤摊油烟很大，夜间喧哗',
      grid: grid1,
      point: north(120),
      daysAgo: 2,
    });
    ids.sibling = await insertMatter({ ...base, category: 'U2', description: TEXT, grid: grid1 });
    ids.nearby = await insertMatter({
      ...base,
      title: '路灯故障',
      description: '路灯不亮',
      grid: grid2,
      point: east(250),
      daysAgo: 10,
    });
    ids.textOnly = await insertMatter({ ...base, description: TEXT, region: TREE.V1b, daysAgo: 6 });
    ids.unrelated = await insertMatter({
      ...base,
      description: '广告牌破损',
      region: TREE.V1b,
      daysAgo: 3,
    });
    ids.old = await insertMatter({ ...base, description: TEXT, grid: grid1, daysAgo: 40 });
    ids.foreign = await insertMatter({ ...base, description: TEXT, region: TREE.V2a, point: P });
    ids.merged = await insertMatter({ ...base, description: TEXT, grid: grid1, status: 'merged' });
    ids.declined = await insertMatter({
      ...base,
      description: TEXT,
      grid: grid1,
      status: 'declined',
    });
    ids.otherKind = await insertMatter({ ...base, category: 'P1', description: TEXT, grid: grid1 });
  });

  it('ranks same grid, near and similar text first, with reasons', async () => {
    const found = await find({});
    expect(found.map((c) => c.id).slice(0, 2)).toEqual([ids.best, ids.sibling]);
    expect(new Set(found.map((c) => c.id))).toEqual(
      new Set([ids.best, ids.sibling, ids.nearby, ids.textOnly]),
    );
    const [best, sibling] = found;
    expect(best?.reasons).toEqual(['同一网格', '距离约 120 米', '描述相似', '2 天前登记']);
    expect(sibling?.reasons).toContain('同属上级类别（宣传广告）');
    for (const c of found) {
      expect(c.score).toBeGreaterThan(0);
      expect(c.score).toBeLessThanOrEqual(1);
    }
    const scores = found.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const nearby = found.find((c) => c.id === ids.nearby);
    expect(nearby?.reasons).toEqual(['距离约 250 米', '同在区划V1a', '10 天前登记']);
    expect(found.find((c) => c.id === ids.textOnly)?.reasons).toEqual(['描述相似', '6 天前登记']);
    expect(best?.categoryCode).toBe('U1');
    expect(best?.rank).toBeGreaterThan(0.5);
  });

  it('looks back only `days`', async () => {
    const found = await find({ days: 5 });
    expect(found.map((c) => c.id)).toEqual([ids.best, ids.sibling]);
    expect((await find({ days: 60 })).map((c) => c.id)).toContain(ids.old);
  });

  it('respects scope and excludeId', async () => {
    expect((await find({}, scopeOf([TREE.C1]))).map((c) => c.id)).toContain(ids.foreign);
    expect((await find({}, scopeOf([TREE.T2]))).map((c) => c.id)).toEqual([ids.foreign]);
    expect((await find({}, T1, ids.best)).map((c) => c.id)).not.toContain(ids.best);
  });

  it('works without point, grid or description', async () => {
    const found = await find({ point: undefined, gridCode: undefined, description: '' });
    expect(found.map((c) => c.id).sort((a, b) => a - b)).toEqual(
      [ids.best, ids.sibling, ids.nearby].sort((a, b) => a - b),
    );
  });
});
