import type { TMatterStatus } from '@fengqiao/contracts';
import { TREE } from '../factories.ts';
import type { MatrixEnv, MatrixTarget, MatrixTargets } from './types.ts';

/** An action of the owning center on a matter in `status`. */
function ownerAction(
  action: string,
  status: TMatterStatus,
  body: unknown,
  role: MatrixTarget['role'] = 'dispatcher',
): MatrixTarget {
  return {
    role,
    async build(_t, region, env) {
      const { matter } = await env.matters.inStatus(region, status);
      return { url: `/api/matters/${matter.id}/${action}`, body, out: 404 };
    },
  };
}

/** An action of a department the matter was dispatched to (the actor is a department of T1). */
function assigneeAction(
  action: string,
  status: TMatterStatus,
  body: unknown,
  prepare?: (
    env: MatrixEnv,
    id: number,
    owner: MatrixEnv['actor'],
    assignee: MatrixEnv['actor'],
  ) => Promise<void>,
): MatrixTarget {
  return {
    role: 'dept_handler',
    actorAt: 'department',
    async build(_t, region, env) {
      const inScope = region === TREE.T1 || region === TREE.V1a;
      const assignee = inScope ? { unitId: env.actor.unitId, actor: env.actor } : undefined;
      const r = await env.matters.inStatus(
        region,
        status,
        assignee === undefined ? {} : { assignee },
      );
      await prepare?.(env, r.matter.id, r.owner, r.assignee.actor);
      return { url: `/api/matters/${r.matter.id}/${action}`, body, out: 404 };
    },
  };
}

async function requestExtension(
  env: MatrixEnv,
  id: number,
  _owner: MatrixEnv['actor'],
  assignee: MatrixEnv['actor'],
): Promise<void> {
  const res = await env.matters.call(assignee, 'POST', `/api/matters/${id}/request-extension`, {
    value: 2,
    reason: '需补充调查',
  });
  if (res.statusCode !== 200) {
    throw new Error(`request-extension: ${res.body}`);
  }
}

function ownerAfterExtension(action: string, body: unknown): MatrixTarget {
  return {
    role: 'dispatcher',
    async build(_t, region, env) {
      const r = await env.matters.inStatus(region, 'handling');
      await requestExtension(env, r.matter.id, r.owner, r.assignee.actor);
      return { url: `/api/matters/${r.matter.id}/${action}`, body, out: 404 };
    },
  };
}

/** The smallest valid PNG (1×1), for uploads in matrix builds. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export const MATTER_TARGETS: MatrixTargets = {
  'attachments.download': {
    role: 'dispatcher',
    async build(t, region, env) {
      const owner = await env.matters.center(env.matters.ownerRegion(region));
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/attachments?filename=photo.png',
        headers: { cookie: owner.cookie, 'content-type': 'image/png' },
        payload: PNG,
      });
      const id = up.json<{ id: number }>().id;
      await env.matters.register(region, { attachmentIds: [id] });
      return { url: `/api/attachments/${id}`, out: 404 };
    },
  },
  'matters.document': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const m = await env.matters.register(region);
      return { url: `/api/matters/${m.id}/documents/receipt?format=html`, out: 404 };
    },
  },
  'matters.register': {
    role: 'clerk',
    build(_t, region) {
      return Promise.resolve({
        url: '/api/matters',
        body: {
          type: 'livelihood',
          categoryCode: 'H2',
          channel: 'phone',
          description: '路灯不亮，请求维修',
          regionCode: region,
          anonymous: true,
        },
        out: 400,
      });
    },
  },
  'matters.list': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const m = await env.matters.register(region);
      return { url: `/api/matters?regionCode=${region}&limit=200`, marker: m.code, out: 'absent' };
    },
  },
  'matters.counts': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const before = (await env.matters.call(env.actor, 'GET', '/api/matters/worklists')).json<{
        all: number;
      }>().all;
      await env.matters.register(region);
      return {
        url: '/api/matters/worklists',
        visible: (json) => (json as { all: number }).all === before + 1,
        out: 'absent',
      };
    },
  },
  'matters.get': {
    role: 'dispatcher',
    async build(_t, region, env) {
      return { url: `/api/matters/${(await env.matters.register(region)).id}`, out: 404 };
    },
  },
  'matters.history': {
    role: 'dispatcher',
    async build(_t, region, env) {
      return { url: `/api/matters/${(await env.matters.register(region)).id}/history`, out: 404 };
    },
  },
  'matters.reveal': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const m = await env.matters.register(region);
      return {
        url: `/api/matters/${m.id}/reveal`,
        body: { field: 'reporter.phone', reason: '回访核实联系方式' },
        out: 404,
      };
    },
  },
  'matters.duplicates': {
    role: 'clerk',
    async build(_t, region, env) {
      const m = await env.matters.register(region);
      return {
        url: '/api/matters/duplicates',
        body: { categoryCode: 'D01', regionCode: region, description: m.description },
        marker: m.code,
        out: 'absent',
      };
    },
  },
  'matters.reassign': {
    role: 'sysadmin',
    async build(t, region) {
      const a = await t.f.user({ roles: ['dept_handler'], regionCode: region });
      const b = await t.f.user({ roles: ['dept_handler'], unitId: a.unitId });
      return {
        url: '/api/matters/reassign',
        body: { fromUserId: a.id, toUserId: b.id, reason: '网格员离岗' },
        out: 400,
      };
    },
  },
  'matters.accept': ownerAction('accept', 'registered', {}),
  'matters.decline': ownerAction('decline', 'registered', { reason: '不属于受理范围' }),
  'matters.dispatch': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const owner = env.matters.ownerRegion(region);
      const { matter } = await env.matters.inStatus(region, 'accepted');
      const dept = await env.matters.department(owner);
      return {
        url: `/api/matters/${matter.id}/dispatch`,
        body: { assignments: [{ unitId: dept.unitId, lead: true }] },
        out: 404,
      };
    },
  },
  'matters.sign': assigneeAction('sign', 'dispatched', {}),
  'matters.return': assigneeAction('return', 'dispatched', { reason: '不属于本部门职责' }),
  'matters.progress': assigneeAction('progress', 'handling', { comment: '已联系双方' }),
  'matters.feedback': assigneeAction('feedback', 'handling', {
    result: '已办结',
    outcome: 'resolved',
  }),
  'matters.request_extension': assigneeAction('request-extension', 'handling', {
    value: 2,
    reason: '需补充调查',
  }),
  'matters.verify_pass': ownerAction('verify-pass', 'fed_back', {}),
  'matters.rework': ownerAction('rework', 'fed_back', { reason: '未附现场照片' }),
  'matters.close': ownerAction('close', 'verified', {}),
  'matters.follow_up': ownerAction('follow-up', 'closed', { satisfaction: 4 }),
  'matters.escalate': ownerAction('escalate', 'accepted', { reason: '涉及多个乡镇，需县级协调' }),
  'matters.hand_down': {
    role: 'dispatcher',
    async build(t, region, env) {
      // a matter placed in a village of the township can be handed down to that village's center
      const place =
        { [TREE.T1]: TREE.V1a, [TREE.T2]: TREE.V2a, [TREE.T3]: TREE.V3a }[region] ?? region;
      const m = await env.matters.register(place);
      return {
        url: `/api/matters/${m.id}/hand-down`,
        body: { unitId: t.f.center(place) },
        out: 404,
      };
    },
  },
  'matters.approve_extension': ownerAfterExtension('approve-extension', {}),
  'matters.deny_extension': ownerAfterExtension('deny-extension', { reason: '时限内可以办结' }),
  'matters.suspend': ownerAction('suspend', 'handling', { reason: '等待司法鉴定' }),
  'matters.resume': ownerAction('resume', 'suspended', {}),
  'matters.supervise': ownerAction(
    'supervise',
    'handling',
    { level: 'normal', notice: '请加快办理' },
    'leader',
  ),
  'matters.terminate': ownerAction('terminate', 'accepted', { reason: '当事人撤回申请' }),
  'matters.merge': {
    role: 'dispatcher',
    async build(_t, region, env) {
      const a = await env.matters.register(region);
      const b = await env.matters.register(region);
      return { url: `/api/matters/${a.id}/merge`, body: { targetId: b.id }, out: 404 };
    },
  },
};
