import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ENDPOINTS,
  ROLE_GRANTS,
  actionPath,
  type TAction,
  type TMatterStatus,
  type TRole,
} from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Exhaustive state-machine test (issue 3 acceptance): every (status, action, actor) either
 * succeeds with the expected next status, or fails with its stable code and changes nothing.
 * The expectations below are written out by hand, independently of the transition table.
 */
type ActorKey =
  | 'ownerDispatcher'
  | 'ownerClerk'
  | 'ownerLeader'
  | 'leadDept'
  | 'otherDept'
  | 'upperDispatcher'
  | 'siblingDispatcher'
  | 'gridWorker';
const ROLE: Record<ActorKey, TRole> = {
  ownerDispatcher: 'dispatcher',
  ownerClerk: 'clerk',
  ownerLeader: 'leader',
  leadDept: 'dept_handler',
  otherDept: 'dept_handler',
  upperDispatcher: 'dispatcher',
  siblingDispatcher: 'dispatcher',
  gridWorker: 'grid_worker',
};
/** Who cannot see a matter of V1a owned by T1's center at all (404). */
const BLIND: ActorKey[] = ['otherDept', 'siblingDispatcher'];

/** Statuses the factory reaches without ever dispatching the matter. */
const NEVER_DISPATCHED: TMatterStatus[] = [
  'registered',
  'accepted',
  'declined',
  'terminated',
  'merged',
];
const OPEN: TMatterStatus[] = [
  'registered',
  'accepted',
  'dispatched',
  'handling',
  'fed_back',
  'verified',
  'suspended',
];
const OWNER = ['ownerDispatcher'] as const;
const SUPERVISORS = ['ownerDispatcher', 'ownerLeader', 'upperDispatcher'] as const;
const LEAD = ['leadDept'] as const;

interface Expect {
  by: readonly ActorKey[];
  to: TMatterStatus;
}
/** Success cases by status and action; `to` is the status afterwards. */
const SUCCESS: Partial<Record<TMatterStatus, Partial<Record<TAction, Expect>>>> = {
  registered: {
    accept: { by: ['ownerDispatcher', 'ownerClerk'], to: 'accepted' },
    decline: { by: ['ownerDispatcher', 'ownerClerk'], to: 'declined' },
    escalate: { by: OWNER, to: 'accepted' },
    hand_down: { by: OWNER, to: 'accepted' },
    terminate: { by: OWNER, to: 'terminated' },
    merge: { by: OWNER, to: 'merged' },
  },
  accepted: {
    dispatch: { by: OWNER, to: 'dispatched' },
    escalate: { by: OWNER, to: 'accepted' },
    hand_down: { by: OWNER, to: 'accepted' },
    suspend: { by: OWNER, to: 'suspended' },
    terminate: { by: OWNER, to: 'terminated' },
    merge: { by: OWNER, to: 'merged' },
  },
  dispatched: {
    sign: { by: LEAD, to: 'handling' },
    return: { by: LEAD, to: 'accepted' },
    request_extension: { by: LEAD, to: 'dispatched' },
    suspend: { by: OWNER, to: 'suspended' },
    terminate: { by: OWNER, to: 'terminated' },
  },
  handling: {
    return: { by: LEAD, to: 'accepted' },
    progress: { by: LEAD, to: 'handling' },
    feedback: { by: LEAD, to: 'fed_back' },
    request_extension: { by: LEAD, to: 'handling' },
    suspend: { by: OWNER, to: 'suspended' },
    terminate: { by: OWNER, to: 'terminated' },
  },
  fed_back: {
    verify_pass: { by: OWNER, to: 'verified' },
    rework: { by: OWNER, to: 'handling' },
    suspend: { by: OWNER, to: 'suspended' },
    terminate: { by: OWNER, to: 'terminated' },
  },
  verified: { close: { by: OWNER, to: 'closed' }, terminate: { by: OWNER, to: 'terminated' } },
  closed: { follow_up: { by: OWNER, to: 'archived' } },
  suspended: { resume: { by: OWNER, to: 'handling' }, terminate: { by: OWNER, to: 'terminated' } },
};
for (const s of OPEN) {
  const row = SUCCESS[s] ?? {};
  row.supervise = { by: SUPERVISORS, to: s };
  SUCCESS[s] = row;
}
/** Guards that stop an actor who otherwise may act. */
const NO_PENDING = { code: 'matter.no_pending_extension', by: 'ownerDispatcher' } as const;
const GUARDED: Partial<
  Record<TMatterStatus, Partial<Record<TAction, { code: string; by: ActorKey }>>>
> = {
  dispatched: { approve_extension: NO_PENDING, deny_extension: NO_PENDING },
  handling: {
    sign: { code: 'matter.assignment_not_open', by: 'leadDept' },
    approve_extension: NO_PENDING,
    deny_extension: NO_PENDING,
  },
};

let t: TestApp;
let f: MatterFactory;
const actors = {} as Record<ActorKey, Actor>;
let lead: { unitId: number; actor: Actor };
let mergeTarget = 0;

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  lead = await f.department(TREE.T1);
  const as = async (role: TRole, o: { regionCode?: string; unitId?: number }) => {
    const { user, cookie } = await t.f.as({ roles: [role], ...o });
    return { userId: user.id, unitId: user.unitId, cookie };
  };
  actors.ownerDispatcher = await f.center(TREE.T1);
  actors.ownerClerk = await as('clerk', { regionCode: TREE.T1 });
  actors.ownerLeader = await as('leader', { regionCode: TREE.T1 });
  actors.leadDept = lead.actor;
  actors.otherDept = await as('dept_handler', {
    unitId: await t.f.unit({ regionCode: TREE.T1, departmentType: '司法' }),
  });
  actors.upperDispatcher = await as('dispatcher', { regionCode: TREE.C1 });
  actors.siblingDispatcher = await as('dispatcher', { regionCode: TREE.T2 });
  actors.gridWorker = await as('grid_worker', { regionCode: TREE.V1a });
  mergeTarget = (await f.register(TREE.V1a, { acceptNow: true })).id;
});
afterAll(async () => {
  await t.close();
});

function bodyFor(action: TAction): unknown {
  const bodies: Partial<Record<TAction, unknown>> = {
    decline: { reason: '不属于受理范围' },
    dispatch: { assignments: [{ unitId: lead.unitId, lead: true }] },
    return: { reason: '不属于本部门职责' },
    progress: { comment: '已电话联系' },
    feedback: { result: '已调解', outcome: 'resolved' },
    rework: { reason: '缺少现场照片' },
    follow_up: { satisfaction: 4 },
    escalate: { reason: '需县级协调' },
    hand_down: { unitId: t.f.center(TREE.V1a) },
    request_extension: { value: 2, reason: '需补充调查' },
    deny_extension: { reason: '可以按期办结' },
    suspend: { reason: '等待鉴定' },
    supervise: { notice: '请加快办理' },
    terminate: { reason: '当事人撤回' },
    merge: { targetId: mergeTarget },
  };
  return bodies[action] ?? {};
}

async function snapshot(id: number): Promise<string> {
  const rows = await t.db.query<{ h: string }>(sql`
    SELECT md5(concat_ws('|',
      (SELECT row_to_json(m)::text FROM matter m WHERE m.id = ${id}),
      (SELECT count(*) FROM matter_history WHERE matter_id = ${id}),
      (SELECT string_agg(row_to_json(a)::text, ',' ORDER BY a.id) FROM matter_assignment a WHERE a.matter_id = ${id}),
      (SELECT string_agg(row_to_json(c)::text, ',' ORDER BY c.id) FROM matter_clock c WHERE c.matter_id = ${id}),
      (SELECT count(*) FROM extension_request WHERE matter_id = ${id}),
      (SELECT count(*) FROM supervision WHERE matter_id = ${id}))) AS h`);
  return rows[0]?.h ?? '';
}

function expected(
  status: TMatterStatus,
  action: TAction,
  who: ActorKey,
): { status: number; code?: string; to?: TMatterStatus } {
  const perm = ENDPOINTS[`matters.${action}`].access.permission;
  if (!(ROLE_GRANTS[ROLE[who]] as readonly string[]).includes(perm)) {
    return { status: 403, code: 'permission.denied' };
  }
  // a department sees only what was dispatched to it (DESIGN.md "Data scope")
  if (BLIND.includes(who) || (who === 'leadDept' && NEVER_DISPATCHED.includes(status))) {
    return { status: 404, code: 'resource.not_found' };
  }
  const ok = SUCCESS[status]?.[action];
  if (ok?.by.includes(who) === true) {
    return { status: 200, to: ok.to };
  }
  const guarded = GUARDED[status]?.[action];
  if (ok === undefined && guarded === undefined) {
    const anyTransition =
      Object.values(SUCCESS).some((r) => r[action] !== undefined) &&
      statusesWith(action).includes(status);
    return anyTransition
      ? { status: 403, code: 'matter.not_your_task' }
      : { status: 409, code: 'matter.invalid_transition' };
  }
  if (guarded !== undefined && guarded.by === who) {
    return { status: 409, code: guarded.code };
  }
  return { status: 403, code: 'matter.not_your_task' };
}

/** Statuses from which the action exists for someone (success or guarded). */
function statusesWith(action: TAction): TMatterStatus[] {
  const all = new Set<TMatterStatus>();
  for (const [s, row] of Object.entries(SUCCESS)) {
    if (row[action] !== undefined) {
      all.add(s as TMatterStatus);
    }
  }
  for (const [s, row] of Object.entries(GUARDED)) {
    if (row[action] !== undefined) {
      all.add(s as TMatterStatus);
    }
  }
  return [...all];
}

const STATUSES: TMatterStatus[] = [
  ...OPEN,
  'closed',
  'archived',
  'declined',
  'terminated',
  'merged',
];
const ACTION_LIST = Object.keys(ACTIONS) as TAction[];
const ACTOR_LIST = Object.keys(ROLE) as ActorKey[];

describe('the transition table, exhaustively (issue 3 acceptance)', () => {
  for (const status of STATUSES) {
    it(`every action by every actor on a ${status} matter gives the specified result`, async () => {
      let base = (await f.inStatus(TREE.V1a, status, { assignee: lead })).matter.id;
      let checked = 0;
      for (const action of ACTION_LIST) {
        for (const who of ACTOR_LIST) {
          const want = expected(status, action, who);
          const before = await snapshot(base);
          const res = await f.call(
            actors[who],
            'POST',
            `/api/matters/${base}/${actionPath(action)}`,
            bodyFor(action),
          );
          const label = `${status} ${action} by ${who}: ${res.body.slice(0, 300)}`;
          expect(res.statusCode, label).toBe(want.status);
          if (want.status === 200) {
            expect(res.json<{ status: string }>().status, label).toBe(want.to);
            base = (await f.inStatus(TREE.V1a, status, { assignee: lead })).matter.id;
          } else {
            expect(res.json<{ code: string }>().code, label).toBe(want.code);
            expect(await snapshot(base), `${label}: nothing may change`).toBe(before);
          }
          checked += 1;
        }
      }
      expect(checked).toBe(ACTION_LIST.length * ACTOR_LIST.length);
    });
  }
});
