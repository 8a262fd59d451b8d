import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TMatter } from '@fengqiao/contracts';
import type { ManualClock } from '../../../core/clock.ts';
import { sql } from '../../../core/db/sql.ts';
import type { Db } from '../../../core/db/db.ts';
import { DEMO_PASSWORD } from '../../org/demo/accounts.ts';
import { GIVEN, SURNAMES, TEMPLATES } from './templates.ts';

/** A small deterministic generator, so every fresh demo looks the same. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Session {
  cookie: string;
}

/**
 * Demo matters for the demo county, made through the real HTTP API (validation, engine, clocks,
 * history, audit), on a clock that walks through the last weeks so worklists, warnings and trends
 * look like a working center. Runs once, on the first demo start.
 */
export async function seedDemoMatters(
  app: FastifyInstance,
  db: Db,
  clock: ManualClock,
  count = 48,
): Promise<number> {
  const call = (
    s: Session | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: s === null ? {} : { cookie: s.cookie },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const login = async (username: string): Promise<Session> => {
    const res = await call(null, 'POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
    const c = res.cookies.find((x) => x.name === 'fq_sid');
    if (c === undefined) {
      throw new Error(`demo login ${username} failed: ${res.body}`);
    }
    return { cookie: `fq_sid=${c.value}` };
  };
  const villages = await db.query<{
    code: string;
    name: string;
    township: string;
    grids: string[];
  }>(sql`
    SELECT v.code, v.name, t.name AS township,
      coalesce((SELECT array_agg(g.code ORDER BY g.code) FROM grid g WHERE g.region_code = v.code), '{}') AS grids
    FROM region v JOIN region t ON t.code = v.parent_code
    WHERE v.level = 5 AND v.code LIKE '130435%' ORDER BY v.code`);
  const [police] = await db.query<{ id: number }>(
    sql`SELECT id FROM unit WHERE name = '曲周县公安局'`,
  );
  if (police === undefined) {
    throw new Error('demo unit 曲周县公安局 missing');
  }
  const random = rng(130435);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  // the simulated clock jumps hours ahead; keep the seeding sessions alive on it
  const refresh = async (): Promise<void> => {
    await db.query(sql`UPDATE user_session SET created_at = ${clock.now()}, last_seen_at = ${clock.now()}
      WHERE user_id IN (SELECT id FROM app_user WHERE is_demo)`);
  };
  const start = clock.now();
  clock.set(new Date(start.getTime() - 40 * 86_400_000));
  const clerk = await login('clerk');
  const dispatcher = await login('dispatcher');
  const policeUser = await login('police');
  let made = 0;
  for (let i = 0; i < count; i += 1) {
    // registrations on a fixed schedule over 36 days ending 4 days ago; a matter's own steps
    // (≤ 12 h) finish before the next one, so nothing is dated in the future
    const due = start.getTime() - 40 * 86_400_000 + Math.floor((i * 36 * 86_400_000) / count);
    clock.set(new Date(Math.max(clock.now().getTime(), due + Math.floor(random() * 3_600_000))));
    await refresh();
    const tpl = pick(TEMPLATES);
    const v = pick(villages);
    const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
    const text = tpl.text
      .replace('{v}', v.name.replace(/(村民委员会|居民委员会|社区居委会)$/, ''))
      .replace('{s}', name.slice(0, 1))
      .replace('{n}', String(tpl.collective ?? 3))
      .replace('{m}', String(5 + Math.floor(random() * 40)));
    const res = await call(clerk, 'POST', '/api/matters', {
      type: tpl.type,
      categoryCode: tpl.category,
      channel: tpl.channel,
      description: text,
      regionCode: v.code,
      // most walk-ins can say which grid (网格) the place is in; the map colours by it
      ...(v.grids.length > 0 && random() < 0.85 ? { gridCode: pick(v.grids) } : {}),
      reporter: { name, phone: `13${String(100000000 + Math.floor(random() * 899999999))}` },
      collective: tpl.collective !== undefined,
      ...(tpl.collective === undefined ? {} : { headcount: tpl.collective }),
      urgent: tpl.urgent ?? false,
      acceptNow: random() < 0.8,
    });
    if (res.statusCode !== 201) {
      throw new Error(`demo matter: ${res.body}`);
    }
    made += 1;
    await advance(res.json<TMatter>(), random(), {
      call,
      clock,
      refresh,
      dispatcher,
      policeUser,
      policeId: police.id,
    });
  }
  clock.set(start);
  return made;
}

interface Flow {
  call: (
    s: Session | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ) => Promise<LightMyRequestResponse>;
  clock: ManualClock;
  dispatcher: Session;
  policeUser: Session;
  policeId: number;
  refresh: () => Promise<void>;
}

/** Moves a demo matter some way along the loop; older matters got further, as in real life. */
async function advance(m: TMatter, r: number, f: Flow): Promise<void> {
  if (m.status !== 'accepted' || r < 0.15) {
    return;
  }
  const step = async (who: Session, action: string, body: unknown = {}) => {
    f.clock.advance(2 * 3_600_000);
    await f.refresh();
    const res = await f.call(who, 'POST', `/api/matters/${m.id}/${action}`, body);
    return res.statusCode === 200;
  };
  if (
    !(await step(f.dispatcher, 'dispatch', {
      assignments: [{ unitId: f.policeId, lead: true }],
    })) ||
    r < 0.3
  ) {
    return;
  }
  if (!(await step(f.policeUser, 'sign')) || r < 0.45) {
    return;
  }
  if (
    !(await step(f.policeUser, 'feedback', {
      result: '已联系当事人，现场核实并处理完毕。',
      outcome: 'resolved',
    })) ||
    r < 0.6
  ) {
    return;
  }
  if (
    !(await step(f.dispatcher, 'verify-pass')) ||
    !(await step(f.dispatcher, 'close')) ||
    r < 0.75
  ) {
    return;
  }
  await step(f.dispatcher, 'follow-up', { satisfaction: r > 0.95 ? 2 : r > 0.85 ? 4 : 5 });
}
