import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_LIST, type TEndpoint } from '@fengqiao/contracts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TREE } from '../../testing/factories.ts';
import { CORE_TARGETS } from '../../testing/matrix/core-targets.ts';
import { ORG_TARGETS } from '../../testing/matrix/org-targets.ts';
import { MATTER_TARGETS } from '../../testing/matrix/matter-targets.ts';
import { EXTRA_TARGETS } from '../../testing/matrix/extra-targets.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import type { MatrixEnv, MatrixRequest, MatrixTarget } from '../../testing/matrix/types.ts';

/**
 * The permission matrix (SECURITY.md B3/B4, issue acceptance): for every scoped route, an actor
 * at the center of township T1 succeeds on its own township or village, and is denied on a
 * sibling township (T2), a cousin village (V2a), the county above (C1) and a foreign county
 * (C2, V3a) — the same role in another unit. New scoped routes join by declaring a target.
 */
const TARGETS: Record<string, MatrixTarget> = {
  ...CORE_TARGETS,
  ...ORG_TARGETS,
  ...MATTER_TARGETS,
  ...EXTRA_TARGETS,
};
const SCOPED = ENDPOINT_LIST.filter((e) => e.access.scoped);
const OUTSIDE = {
  sibling: TREE.T2,
  cousin: TREE.V2a,
  upward: TREE.C1,
  foreign: TREE.C2,
  foreignVillage: TREE.V3a,
};

let t: TestApp;
const actors = new Map<string, Actor>();
let matters: MatterFactory;
let exercised = 0;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  matters = new MatterFactory(t);
});
afterAll(async () => {
  await t.close();
});

async function envFor(target: MatrixTarget): Promise<MatrixEnv> {
  const key = `${target.role}|${target.actorAt ?? 'center'}`;
  let actor = actors.get(key);
  if (actor === undefined) {
    if (target.actorAt === 'department') {
      actor = (await matters.department(TREE.T1)).actor;
    } else {
      const { user, cookie } = await t.f.as({ roles: [target.role], regionCode: TREE.T1 });
      actor = { userId: user.id, unitId: user.unitId, cookie };
    }
    actors.set(key, actor);
  }
  return { matters, actor };
}

async function send(ep: TEndpoint, req: MatrixRequest, cookie: string) {
  exercised += 1;
  if (req.raw !== undefined) {
    return t.app.inject({
      method: ep.method,
      url: req.url,
      headers: { cookie, 'content-type': req.raw.contentType },
      payload: req.raw.payload,
    });
  }
  return t.call(ep.method, req.url, { cookie, body: req.body });
}

describe('permission matrix', () => {
  it('declares a matrix target for every scoped route', () => {
    expect(SCOPED.length).toBeGreaterThan(20);
    const missing = SCOPED.filter((e) => TARGETS[e.id] === undefined).map((e) => e.id);
    expect(missing).toEqual([]);
    const stale = Object.keys(TARGETS).filter((id) => !SCOPED.some((e) => e.id === id));
    expect(stale).toEqual([]);
  });

  for (const ep of SCOPED) {
    describe(ep.id, () => {
      it('succeeds in the actor’s own township and village', async () => {
        const target = TARGETS[ep.id];
        if (target === undefined) {
          throw new Error(`no target for ${ep.id}`);
        }
        const env = await envFor(target);
        const cookie = env.actor.cookie;
        for (const region of [TREE.T1, TREE.V1a]) {
          const req = await target.build(t, region, env);
          const res = await send(ep, req, cookie);
          expect(res.statusCode, `${ep.id} in ${region}: ${res.body}`).toBeLessThan(300);
          if (req.out === 'absent') {
            if (req.visible !== undefined) {
              expect(req.visible(res.json()), res.body).toBe(true);
            } else {
              expect(res.body).toContain(req.marker);
            }
          }
        }
      });
      for (const [relation, region] of Object.entries(OUTSIDE)) {
        it(`denies a ${relation} region (${region}) as if it did not exist`, async () => {
          const target = TARGETS[ep.id];
          if (target === undefined) {
            throw new Error(`no target for ${ep.id}`);
          }
          const env = await envFor(target);
          const cookie = env.actor.cookie;
          const req = await target.build(t, region, env);
          const res = await send(ep, req, cookie);
          if (req.out === 'absent') {
            expect(res.statusCode, res.body).toBeLessThan(300);
            if (req.visible !== undefined) {
              expect(req.visible(res.json()), res.body).toBe(false);
            } else {
              expect(req.marker).toBeDefined();
              expect(res.body).not.toContain(req.marker);
            }
          } else {
            expect(res.statusCode, res.body).toBe(req.out);
            expect(res.json<{ code: string }>().code).toBe(
              req.out === 404 ? 'resource.not_found' : 'request.invalid',
            );
          }
        });
      }
    });
  }

  it('exercised every scoped route in and out of scope', () => {
    expect(exercised).toBe(SCOPED.length * (2 + Object.keys(OUTSIDE).length));
  });
});
