import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMatter } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let f: MatterFactory;
let owner: Actor;
let dept: { unitId: number; actor: Actor };

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  owner = await f.center(TREE.T1);
  dept = await f.department(TREE.T1);
});
afterAll(async () => {
  await t.close();
});

async function act(who: Actor, id: number, action: string, body: unknown = {}): Promise<TMatter> {
  const res = await f.call(who, 'POST', `/api/matters/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<TMatter>();
}

describe('the closed loop through the HTTP API (issue 3 acceptance)', () => {
  it('walk-in → accept → dispatch with a working-day deadline → sign → feed back → verify → close → follow-up', async () => {
    // Monday 2026-03-02 09:00 Asia/Shanghai
    t.clock.set('2026-03-02T01:00:00Z');
    const reg = await f.call(owner, 'POST', '/api/matters', {
      type: 'livelihood',
      categoryCode: 'H3',
      channel: 'walk_in',
      description: '小区路灯损坏多日，夜间出行不便',
      regionCode: TREE.V1a,
      reporter: { name: '张三', phone: '13812345678' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    let m = reg.json<TMatter>();
    expect(m.status).toBe('registered');
    expect(m.code).toMatch(/^910101-20260302-\d{4}$/);
    expect(m.abilities).toEqual(expect.arrayContaining(['accept', 'decline', 'escalate']));
    expect(m.reporter).toEqual({ name: '张*', phone: '138****5678', idNumber: null });
    expect(m.aroseLevel).toBe(4);
    m = await act(owner, m.id, 'accept');
    expect(m.status).toBe('accepted');
    m = await act(owner, m.id, 'dispatch', { assignments: [{ unitId: dept.unitId, lead: true }] });
    expect(m.status).toBe('dispatched');
    // 民生诉求: 13 working days from the day after dispatch (民法典 第201条), ending 24:00 on 2026-03-19
    expect(m.dueAt).toBe('2026-03-19T16:00:00.000Z');
    expect([...m.abilities].sort()).toEqual(['supervise', 'suspend', 'terminate']);
    const asDept = (await f.call(dept.actor, 'GET', `/api/matters/${m.id}`)).json<TMatter>();
    expect(asDept.abilities).toEqual(
      expect.arrayContaining(['sign', 'return', 'request_extension']),
    );
    expect(asDept.reporter).toBeNull();
    m = await act(dept.actor, m.id, 'sign');
    expect(m.status).toBe('handling');
    m = await act(dept.actor, m.id, 'progress', { comment: '已联系供电所' });
    m = await act(dept.actor, m.id, 'feedback', { result: '路灯已更换', outcome: 'resolved' });
    expect(m.status).toBe('fed_back');
    m = await act(owner, m.id, 'verify-pass');
    m = await act(owner, m.id, 'close');
    expect(m.status).toBe('closed');
    expect(m.resolvedLevel).toBe(4);
    expect(m.closedAt).not.toBeNull();
    m = await act(owner, m.id, 'follow-up', { satisfaction: 5 });
    expect(m.status).toBe('archived');
    expect(m.satisfaction).toBe(5);
    const history = (await f.call(owner, 'GET', `/api/matters/${m.id}/history`)).json<
      { action: string }[]
    >();
    expect(history.map((h) => h.action)).toEqual([
      'register',
      'accept',
      'dispatch',
      'sign',
      'progress',
      'feedback',
      'verify_pass',
      'close',
      'follow_up',
    ]);
    const audit = await t.db.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE target_type = 'matter' AND target_id = ${String(m.id)}`,
    );
    expect(audit[0]?.n).toBe(9);
  });

  it('return: the department sends a wrong dispatch back to the dispatcher with its reason', async () => {
    const { matter } = await f.inStatus(TREE.V1a, 'dispatched', { assignee: dept });
    const m = await act(dept.actor, matter.id, 'return', { reason: '不属于本部门职责' });
    expect(m.status).toBe('accepted');
    expect(m.assignments[0]).toMatchObject({
      status: 'returned',
      returnReason: '不属于本部门职责',
    });
    expect(m.abilities).toEqual([]);
    const again = (await f.call(owner, 'GET', `/api/matters/${m.id}`)).json<TMatter>();
    expect(again.abilities).toContain('dispatch');
  });

  it('rework: a failed verification sends the matter back to the lead unit', async () => {
    const { matter } = await f.inStatus(TREE.V1a, 'fed_back', { assignee: dept });
    const m = await act(owner, matter.id, 'rework', { reason: '未附现场照片' });
    expect(m.status).toBe('handling');
    expect(m.assignments[0]?.status).toBe('handling');
  });

  it('不满意 at follow-up reopens the matter as a new handling cycle counted as a reopen', async () => {
    const { matter } = await f.inStatus(TREE.V1a, 'closed', { assignee: dept });
    const m = await act(owner, matter.id, 'follow-up', { satisfaction: 2 });
    expect(m).toMatchObject({ status: 'accepted', cycle: 2, reopenCount: 1, satisfaction: 2 });
    expect(m.closedAt).toBe(matter.closedAt);
  });

  it('escalate: 上报 moves ownership to the county center and marks the matter cross-level', async () => {
    const m0 = await f.register(TREE.V1a, { acceptNow: true });
    const m = await act(owner, m0.id, 'escalate', { reason: '涉及多个乡镇' });
    expect(m.ownerUnit.id).toBe(t.f.center(TREE.C1));
    expect(m.crossLevel).toBe(true);
    expect(m.abilities).toEqual([]);
  });

  it('extension: requested by the lead, capped by policy, approved by the owner, moving the deadline', async () => {
    t.clock.set('2026-03-02T01:00:00Z');
    const { matter } = await f.inStatus(TREE.V1a, 'handling', { assignee: dept });
    const before = matter.dueAt;
    const over = await f.call(dept.actor, 'POST', `/api/matters/${matter.id}/request-extension`, {
      value: 31,
      reason: '需鉴定',
    });
    expect(over.statusCode).toBe(400);
    let m = await act(dept.actor, matter.id, 'request-extension', {
      value: 10,
      reason: '等待鉴定结论',
    });
    expect(m.pendingExtension).toMatchObject({ value: 10 });
    const dup = await f.call(dept.actor, 'POST', `/api/matters/${matter.id}/request-extension`, {
      value: 5,
      reason: '再延',
    });
    expect(dup.json<{ code: string }>().code).toBe('matter.extension_pending');
    m = await act(owner, matter.id, 'approve-extension');
    expect(m.pendingExtension).toBeNull();
    // 矛盾纠纷: 30 calendar days → ends 24:00 on Wed 2026-04-01; +10 lands on Sat 2026-04-11,
    // which 民法典 第203条 moves to the next working day, Mon 2026-04-13
    expect(before).toBe('2026-04-01T16:00:00.000Z');
    expect(m.dueAt).toBe('2026-04-13T16:00:00.000Z');
  });

  it('并单: a duplicate is merged into the matter it repeats', async () => {
    const a = await f.register(TREE.V1a);
    const b = await f.register(TREE.V1a);
    const m = await act(owner, a.id, 'merge', { targetId: b.id });
    expect(m).toMatchObject({ status: 'merged', mergedInto: b.id });
    const self = await f.call(owner, 'POST', `/api/matters/${b.id}/merge`, { targetId: b.id });
    expect(self.statusCode).toBe(400);
  });

  it('联办: the lead unit’s feedback moves the matter, a co-unit only its own sub-state', async () => {
    const co = await f.department(TREE.V1b);
    const m0 = await f.register(TREE.V1a, { acceptNow: true });
    let m = await act(owner, m0.id, 'dispatch', {
      assignments: [
        { unitId: dept.unitId, lead: true },
        { unitId: co.unitId, lead: false },
      ],
    });
    await act(co.actor, m.id, 'sign');
    m = await act(dept.actor, m.id, 'sign');
    expect(m.status).toBe('handling');
    m = await act(co.actor, m.id, 'feedback', { result: '配合完成', outcome: 'resolved' });
    expect(m.status).toBe('handling');
    m = await act(dept.actor, m.id, 'feedback', { result: '牵头办结', outcome: 'resolved' });
    expect(m.status).toBe('fed_back');
    const noExt = await f.call(co.actor, 'POST', `/api/matters/${m.id}/request-extension`, {
      value: 1,
      reason: 'x理由',
    });
    expect(noExt.statusCode).toBe(409);
  });

  it('网格事项准入清单: dispatch to a village (grid) center is refused for a category not admitted, citing the rule', async () => {
    const m0 = await f.register(TREE.V1a, {
      acceptNow: true,
      type: 'dispute',
      categoryCode: 'D15',
    });
    const res = await f.call(owner, 'POST', `/api/matters/${m0.id}/dispatch`, {
      assignments: [{ unitId: t.f.center(TREE.V1a) }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string; message: string }>()).toMatchObject({
      code: 'matter.grid_not_admitted',
    });
    expect(res.json<{ message: string }>().message).toContain('国办函〔2025〕66号');
    const ok = await f.register(TREE.V1a, {
      acceptNow: true,
      type: 'grid_event',
      categoryCode: 'G1',
    });
    expect(
      (
        await f.call(owner, 'POST', `/api/matters/${ok.id}/dispatch`, {
          assignments: [{ unitId: t.f.center(TREE.V1a) }],
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('intake rules', () => {
  it('GB 11643: a reporter ID number with a wrong check digit is refused with a field error', async () => {
    const res = await f.call(owner, 'POST', '/api/matters', {
      type: 'dispute',
      categoryCode: 'D01',
      channel: 'walk_in',
      description: '邻里纠纷',
      regionCode: TREE.V1a,
      reporter: { name: '王五', idNumber: '110101199003071234' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ fields: { path: string; code: string }[] }>().fields).toContainEqual(
      expect.objectContaining({ path: 'reporter.idNumber', code: 'id_number.check' }),
    );
  });

  it('SECURITY E2: reporter identity is encrypted at rest and masked in responses; reveal needs a reason and is audited', async () => {
    const m = await f.register(TREE.V1a);
    const row = await t.db.query<{ doc: string }>(
      sql`SELECT row_to_json(m)::text AS doc FROM matter m WHERE id = ${m.id}`,
    );
    expect(row[0]?.doc).not.toContain('110101199003070011');
    expect(row[0]?.doc).not.toContain('13800138000');
    expect(m.reporter?.idNumber).toBe('110***********0011');
    const noReason = await f.call(owner, 'POST', `/api/matters/${m.id}/reveal`, {
      field: 'reporter.idNumber',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    const res = await f.call(owner, 'POST', `/api/matters/${m.id}/reveal`, {
      field: 'reporter.idNumber',
      reason: '核实身份后回访',
    });
    expect(res.json()).toEqual({ value: '110101199003070011' });
    expect(res.headers['cache-control']).toContain('no-store');
    const audit = await t.db.query<{ reason: string }>(
      sql`SELECT reason FROM audit_log WHERE event = 'matters.reveal' AND target_id = ${String(m.id)}`,
    );
    expect(audit).toEqual([{ reason: '核实身份后回访' }]);
  });

  it('SECURITY H6: a 举报 reporter is never visible to the reported unit', async () => {
    const reported = await f.department(TREE.T1);
    const m = await f.register(TREE.V1a, {
      type: 'tip_off',
      categoryCode: 'H4',
      reportedUnitId: reported.unitId,
      acceptNow: true,
    });
    await act(owner, m.id, 'dispatch', { assignments: [{ unitId: reported.unitId, lead: true }] });
    const seen = (await f.call(reported.actor, 'GET', `/api/matters/${m.id}`)).json<TMatter>();
    expect(seen.reporter).toBeNull();
    const reveal = await f.call(reported.actor, 'POST', `/api/matters/${m.id}/reveal`, {
      field: 'reporter.name',
      reason: '想知道是谁',
    });
    expect(reveal.statusCode).toBe(403);
  });

  it('finds the grid from a WGS-84 point by point-in-polygon', async () => {
    await t.db
      .query(sql`INSERT INTO grid (code, name, region_code, geometry, min_lon, min_lat, max_lon, max_lat)
      VALUES ('910101001001005', '第5网格', ${TREE.V1a}, '{"type":"Polygon","coordinates":[[[115,36],[115.01,36],[115.01,36.01],[115,36.01],[115,36]]]}', 115, 36, 115.01, 36.01)`);
    const m = await f.register(TREE.T1, { point: { lon: 115.005, lat: 36.005 } });
    expect(m.gridCode).toBe('910101001001005');
    expect(m.regionCode).toBe(TREE.V1a);
  });
});

describe('idempotent intake (SECURITY.md §6.3)', () => {
  it('concurrent retries with one Idempotency-Key create one matter and answer the same', async () => {
    const body = {
      type: 'grid_event',
      categoryCode: 'G6',
      channel: 'grid_report',
      description: '河堤出现裂缝',
      regionCode: TREE.V1a,
      anonymous: true,
    };
    const send = () =>
      t.call('POST', '/api/matters', {
        cookie: owner.cookie,
        body,
        headers: { 'idempotency-key': 'mobile-report-0001' },
      });
    const results = await Promise.all([send(), send(), send(), send()]);
    const ids = new Set(results.map((r) => r.json<TMatter>().id));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(ids.size).toBe(1);
    const rows = await t.db.query<{ n: number }>(
      sql`SELECT count(*) AS n FROM matter WHERE description = '河堤出现裂缝'`,
    );
    expect(rows[0]?.n).toBe(1);
    const other = await t.call('POST', '/api/matters', {
      cookie: owner.cookie,
      body: { ...body, description: '另一件事' },
      headers: { 'idempotency-key': 'mobile-report-0001' },
    });
    expect(other.statusCode).toBe(422);
  });
});
