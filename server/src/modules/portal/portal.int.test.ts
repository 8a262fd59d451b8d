import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMatter } from '@fengqiao/contracts';
import type { TPortalTrack } from '@fengqiao/contracts/portal/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { MatterFactory, type Actor } from '../../testing/matters.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { PII_PATTERNS, submit } from './portal-testing.ts';
import { PORTAL_ACCOUNT_NAME } from './system-actor.ts';

const ID_NUMBER = '110101199003070011';
const PHONE = '13912345678';
const REPORTER = '欧阳娜娜';

let t: TestApp;
let f: MatterFactory;
let center: Actor;
let dept: { unitId: number; actor: Actor };

beforeAll(async () => {
  t = await createTestApp();
  await t.f.tree();
  f = new MatterFactory(t);
  center = await f.center(TREE.V1a);
  dept = await f.department(TREE.V1a);
});
afterAll(async () => {
  await t.close();
});

/** Everything the public sees: no ID number, no phone, no staff name, no reporter's full name. */
async function expectPublic(body: string): Promise<void> {
  for (const p of PII_PATTERNS) {
    expect(body).not.toMatch(p);
  }
  expect(body).not.toContain(REPORTER);
  const staff = await t.db.query<{ display_name: string }>(
    sql`SELECT display_name FROM app_user WHERE display_name <> ${PORTAL_ACCOUNT_NAME}`,
  );
  for (const s of staff) {
    expect(body).not.toContain(s.display_name);
  }
}

async function track(code: string, ip = '198.51.100.1'): Promise<TPortalTrack> {
  const res = await t.call('GET', `/api/portal/track/${code}`, { ip });
  expect(res.statusCode, res.body).toBe(200);
  await expectPublic(res.body);
  return res.json<TPortalTrack>();
}

async function act(who: Actor, id: number, action: string, body: unknown = {}): Promise<TMatter> {
  const res = await f.call(who, 'POST', `/api/matters/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<TMatter>();
}

async function closeByStaff(id: number, result: string): Promise<void> {
  await act(center, id, 'dispatch', { assignments: [{ unitId: dept.unitId, lead: true }] });
  await act(dept.actor, id, 'sign');
  await act(dept.actor, id, 'feedback', { result, outcome: 'resolved' });
  await act(center, id, 'verify-pass');
  await act(center, id, 'close');
}

async function matterOf(trackingCode: string): Promise<TMatter> {
  const rows = await t.db.query<{ id: number }>(
    sql`SELECT id FROM matter WHERE tracking_code = ${trackingCode}`,
  );
  const res = await f.call(center, 'GET', `/api/matters/${rows[0]?.id ?? 0}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TMatter>();
}

describe('citizen portal: submit → track → staff close → rate (issue 4 §10)', () => {
  let code = '';

  it('registers an online matter of the nearest center through the one registration path', async () => {
    const res = await submit(t, '198.51.100.1', {
      regionCode: TREE.V1a,
      categoryCode: 'H3',
      description: `楼道堆放杂物堵塞消防通道。联系人${REPORTER}，身份证${ID_NUMBER}，电话${PHONE}`,
      contact: { name: REPORTER, phone: PHONE },
    });
    expect(res.statusCode, res.body).toBe(201);
    await expectPublic(res.body);
    const out = res.json<{ trackingCode: string; receiptUrl: string }>();
    expect(out.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(out.receiptUrl).toBe(`/api/portal/track/${out.trackingCode}/receipt`);
    code = out.trackingCode;
    const m = await matterOf(code);
    expect(m.channel).toBe('online');
    expect(m.type).toBe('livelihood');
    expect(m.status).toBe('registered');
    expect(m.ownerUnit.id).toBe(center.unitId);
    // stored as typed for the staff who handle it; masked only where the public sees it
    expect(m.description).toContain(PHONE);
    expect(m.reporter).toEqual({ name: '欧阳**', phone: '139****5678', idNumber: null });
    const history = (await f.call(center, 'GET', `/api/matters/${m.id}/history`)).json<
      { action: string; actorName: string }[]
    >();
    expect(history).toEqual([
      expect.objectContaining({ action: 'register', actorName: PORTAL_ACCOUNT_NAME }),
    ]);
    const notes = await t.db.query(
      sql`SELECT 1 FROM notification WHERE unit_id = ${center.unitId} AND matter_id = ${m.id} AND kind = 'registered'`,
    );
    expect(notes).toHaveLength(1);
  });

  it('shows public progress without personal data, staff names or internal steps', async () => {
    const view = await track(code);
    expect(view.status).toBe('submitted');
    expect(view.steps.map((s) => s.label)).toEqual(['已登记']);
    expect(view.title).toContain('楼道堆放杂物');
    expect(view.canRate).toBe(false);
    expect(view.result).toBeNull();
  });

  it('refuses a rating before the matter is closed (409)', async () => {
    const res = await t.call('POST', `/api/portal/track/${code}/rate`, {
      ip: '198.51.100.1',
      body: { satisfaction: 5 },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('matter.invalid_transition');
  });

  it('after staff close, shows the 办理结果 scrubbed and lets the citizen rate once; 不满意 reopens', async () => {
    const m = await matterOf(code);
    await act(center, m.id, 'accept');
    await closeByStaff(m.id, `已联系${REPORTER}（${PHONE}），物业已清理楼道`);
    const closed = await track(code);
    expect(closed.status).toBe('awaiting_rating');
    expect(closed.canRate).toBe(true);
    expect(closed.result).toBe('已联系欧阳**（139****5678），物业已清理楼道');
    expect(closed.outcome).toBe('已解决');
    expect(closed.steps.map((s) => s.label)).toEqual([
      '已登记',
      '已受理',
      '已交承办单位办理',
      '承办单位已签收',
      '承办单位已反馈办理结果',
      '办理结果已核查',
      '已办结',
    ]);
    const rate = await t.call('POST', `/api/portal/track/${code}/rate`, {
      ip: '198.51.100.1',
      body: { satisfaction: 2, comment: '杂物第二天又堆回来了' },
    });
    expect(rate.statusCode, rate.body).toBe(200);
    await expectPublic(rate.body);
    const view = rate.json<TPortalTrack>();
    expect(view.status).toBe('processing');
    expect(view.satisfaction).toBe(2);
    expect(view.steps.at(-1)?.label).toBe('评价不满意，重新办理');
    const reopened = await matterOf(code);
    expect(reopened.status).toBe('accepted');
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.cycle).toBe(2);
    const audit = await t.db.query<{ actor_name: string; actor_unit_id: number }>(sql`
      SELECT actor_name, actor_unit_id FROM audit_log
      WHERE event = 'matters.follow_up' AND target_id = ${String(reopened.id)}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_name).toMatch(/^sys\.portal\./);
    expect(audit[0]?.actor_unit_id).toBe(center.unitId);
    const again = await t.call('POST', `/api/portal/track/${code}/rate`, {
      ip: '198.51.100.1',
      body: { satisfaction: 1 },
    });
    expect(again.statusCode, again.body).toBe(409);
  });

  it('a second round closes and a satisfied rating completes it', async () => {
    const m = await matterOf(code);
    await closeByStaff(m.id, '物业每日巡查，已设置禁止堆放标识');
    const res = await t.call('POST', `/api/portal/track/${code}/rate`, {
      ip: '198.51.100.1',
      body: { satisfaction: 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TPortalTrack>().status).toBe('completed');
    expect((await matterOf(code)).status).toBe('archived');
  });

  it('prints the 受理回执 as HTML with the reporter masked and no ID number or phone', async () => {
    const res = await t.call('GET', `/api/portal/track/${code}/receipt`, { ip: '198.51.100.1' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('受理回执');
    expect(res.body).toContain('欧阳**');
    expect(res.body).toContain(code);
    await expectPublic(res.body);
  });

  it('accepts anonymous requests and answers 404 for unknown tracking codes', async () => {
    const res = await submit(t, '198.51.100.2', {
      regionCode: TREE.T2,
      categoryCode: 'S1',
      description: '夜间有人在桥下聚集赌博',
    });
    expect(res.statusCode, res.body).toBe(201);
    const trackingCode = res.json<{ trackingCode: string }>().trackingCode;
    const row = await t.db.query<{
      id: number;
      anonymous: boolean;
      owner: number;
      type: string;
    }>(sql`
      SELECT id, anonymous, owner_unit_id AS owner, type FROM matter WHERE tracking_code = ${trackingCode}`);
    expect(row[0]).toMatchObject({
      anonymous: true,
      owner: t.f.center(TREE.T2),
      type: 'security_hazard',
    });
    // owned by the T2 center: the V1a center does not see it
    const other = await f.call(center, 'GET', `/api/matters/${row[0]?.id ?? 0}`);
    expect(other.statusCode).toBe(404);
    const missing = await t.call('GET', '/api/portal/track/ZZZZZZZZZZ', { ip: '198.51.100.2' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('resource.not_found');
  });

  it('rejects a region without a center and an unknown category with field errors', async () => {
    const noRegion = await submit(t, '198.51.100.3', {
      regionCode: '919999999999',
      categoryCode: 'H3',
      description: '路灯不亮已经一周',
    });
    expect(noRegion.statusCode).toBe(400);
    expect(noRegion.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('regionCode');
    const badCategory = await submit(t, '198.51.100.3', {
      regionCode: TREE.V1a,
      categoryCode: 'NOPE',
      description: '路灯不亮已经一周',
    });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('categoryCode');
  });
});
