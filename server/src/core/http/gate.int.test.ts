import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_LIST, ROLE_GRANTS, type TEndpoint, type TRole } from '@fengqiao/contracts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { TREE } from '../../testing/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
});
afterAll(async () => {
  await t.close();
});

/** Outside /api/ are only the OpenAPI viewer (off in production) and the web app's static files. */
const NOT_API = (url: string): boolean => !url.startsWith('/api/');

function concretePath(ep: TEndpoint): string {
  return ep.path
    .replace(':id', '1')
    .replace(':code', ep.path.includes('grids') ? '910101001001001' : '910101')
    .replace(':kind', 'units');
}

describe('route declarations (SECURITY.md B1)', () => {
  it('every registered route is a declared endpoint, and every endpoint is registered', () => {
    const api = t.registered.filter((r) => !NOT_API(r.url) && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(30);
    const undeclared = api
      .filter((r) => r.endpointId === null)
      .map((r) => `${String(r.method)} ${r.url}`);
    expect(undeclared).toEqual([]);
    const ids = new Set(api.map((r) => r.endpointId));
    expect(ENDPOINT_LIST.filter((e) => !ids.has(e.id)).map((e) => e.id)).toEqual([]);
    expect(ids.size).toBe(ENDPOINT_LIST.length);
  });

  it('every endpoint names a catalogued permission, `authenticated` or `public`', () => {
    for (const ep of ENDPOINT_LIST) {
      expect(typeof ep.access.permission, ep.id).toBe('string');
      const mutating = ep.method !== 'GET' && ep.access.readOnly !== true;
      // C1: every mutating route except the public health check writes an audit row
      if (mutating) {
        expect(ep.access.audit, `${ep.id} mutates without audit`).toBe(true);
      }
    }
  });

  it('answers 401 to every non-public route without a session', async () => {
    const guarded = ENDPOINT_LIST.filter((e) => e.access.permission !== 'public');
    expect(guarded.length).toBeGreaterThan(30);
    for (const ep of guarded) {
      const res = await t.call(ep.method, concretePath(ep), {
        body: ep.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${ep.id}: ${res.body}`).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('auth.required');
    }
  });

  it('answers 403 to a role that lacks the route’s permission, and audits the denial', async () => {
    const roles = Object.keys(ROLE_GRANTS) as TRole[];
    let checked = 0;
    for (const ep of ENDPOINT_LIST) {
      const perm = ep.access.permission;
      if (perm === 'public' || perm === 'authenticated') {
        continue;
      }
      const lacking = roles.find((r) => !(ROLE_GRANTS[r] as readonly string[]).includes(perm));
      if (lacking === undefined) {
        continue;
      }
      const { cookie } = await t.f.as({ roles: [lacking], regionCode: TREE.T1 });
      const res = await t.call(ep.method, concretePath(ep), {
        cookie,
        body: ep.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${ep.id} as ${lacking}: ${res.body}`).toBe(403);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

const HUGE = 'x'.repeat(100_000);
const BAD_BODIES: unknown[] = [
  [],
  123,
  'text',
  null,
  { unexpected: true },
  { name: HUGE, code: HUGE, username: HUGE, password: HUGE, reason: HUGE },
  { id: { $gt: '' } },
];
const BAD_RAW = ['{"unterminated": ', '\u0000\u0001', HUGE];

function roleFor(ep: TEndpoint): TRole {
  const perm = ep.access.permission;
  if (perm === 'public' || perm === 'authenticated') {
    return 'clerk';
  }
  const roles = Object.keys(ROLE_GRANTS) as TRole[];
  return roles.find((r) => (ROLE_GRANTS[r] as readonly string[]).includes(perm)) ?? 'clerk';
}

describe('malformed input never causes a 5xx (issue 2 §9, SECURITY.md D1/D5)', () => {
  it('sends junk bodies, params and queries to every route', async () => {
    const exercised = new Set<string>();
    const cookies = new Map<TRole, string>();
    let requests = 0;
    // logging out last keeps the shared sessions alive for the other routes
    const ordered = [...ENDPOINT_LIST].sort(
      (a, b) => Number(a.id === 'auth.logout') - Number(b.id === 'auth.logout'),
    );
    for (const ep of ordered) {
      const role = roleFor(ep);
      const cookie =
        cookies.get(role) ?? (await t.f.as({ roles: [role], regionCode: TREE.T1 })).cookie;
      cookies.set(role, cookie);
      const paths = [
        concretePath(ep),
        ep.path.replace(/:(\w+)/g, 'abc'),
        ep.path.replace(/:(\w+)/g, '99999999999999999999999'),
        ep.path.replace(/:(\w+)/g, encodeURIComponent("1' OR '1'='1")),
        `${concretePath(ep)}?limit=100000&after=-1&depth=x&regionCode=${HUGE.slice(0, 5000)}`,
      ];
      for (const url of paths) {
        const variants = ep.method === 'GET' ? [undefined] : BAD_BODIES;
        for (const body of variants) {
          const res = await t.call(ep.method, url, { cookie, body });
          requests += 1;
          expect(
            res.statusCode,
            `${ep.id} ${url.slice(0, 80)} ${((JSON.stringify(body) as string | undefined) ?? '').slice(0, 60)}: ${res.body.slice(0, 300)}`,
          ).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(Object.keys(res.json<object>())).toEqual(
              expect.arrayContaining(['code', 'message', 'requestId']),
            );
          }
        }
      }
      if (ep.method !== 'GET') {
        for (const raw of BAD_RAW) {
          const res = await t.app.inject({
            method: ep.method,
            url: concretePath(ep),
            headers: { cookie, 'content-type': 'application/json' },
            payload: raw,
          });
          requests += 1;
          expect(res.statusCode, `${ep.id} raw: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }
      exercised.add(ep.id);
    }
    expect(exercised.size).toBe(ENDPOINT_LIST.length);
    expect(requests).toBeGreaterThan(ENDPOINT_LIST.length * 5);
  });
});
