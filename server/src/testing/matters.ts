import type { LightMyRequestResponse } from 'fastify';
import type { TMatter, TMatterStatus } from '@fengqiao/contracts';
import { TREE } from './factories.ts';
import type { TestApp } from './test-app.ts';

/** A logged-in actor of the matter factory. */
export interface Actor {
  userId: number;
  unitId: number;
  cookie: string;
}

const PARENT: Record<string, string> = {
  [TREE.V1a]: TREE.T1,
  [TREE.V1b]: TREE.T1,
  [TREE.V2a]: TREE.T2,
  [TREE.V3a]: TREE.T3,
};

/** Builds matters through the real API, in any status, for tests of the engine and the matrix. */
export class MatterFactory {
  private readonly t: TestApp;
  private readonly centers = new Map<string, Actor>();
  private readonly depts = new Map<string, { unitId: number; actor: Actor }>();
  constructor(t: TestApp) {
    this.t = t;
  }

  /** A dispatcher (and clerk) of the center of `region`, cached. */
  async center(region: string): Promise<Actor> {
    const known = this.centers.get(region);
    if (known !== undefined) {
      return known;
    }
    const { user, cookie } = await this.t.f.as({
      roles: ['dispatcher', 'clerk'],
      regionCode: region,
    });
    const a = { userId: user.id, unitId: user.unitId, cookie };
    this.centers.set(region, a);
    return a;
  }

  /** A department of `region` (公安) with a handler account, cached. */
  async department(region: string): Promise<{ unitId: number; actor: Actor }> {
    const known = this.depts.get(region);
    if (known !== undefined) {
      return known;
    }
    const unitId = await this.t.f.unit({ regionCode: region, departmentType: '公安' });
    const { user, cookie } = await this.t.f.as({ roles: ['dept_handler'], unitId });
    const d = { unitId, actor: { userId: user.id, unitId, cookie } };
    this.depts.set(region, d);
    return d;
  }

  async call(
    actor: Actor,
    method: string,
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    return this.t.call(method, url, { cookie: actor.cookie, body });
  }

  private async ok(actor: Actor, url: string, body: unknown): Promise<TMatter> {
    const res = await this.call(actor, 'POST', url, body);
    if (res.statusCode >= 300) {
      throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    }
    return res.json<TMatter>();
  }

  /** The center that owns matters placed in `region` (a village's matters belong to its township). */
  ownerRegion(region: string): string {
    return PARENT[region] ?? region;
  }

  async register(region: string, extra: Record<string, unknown> = {}): Promise<TMatter> {
    const owner = await this.center(this.ownerRegion(region));
    return this.ok(owner, '/api/matters', {
      type: 'dispute',
      categoryCode: 'D01',
      channel: 'walk_in',
      description: `邻里噪音纠纷 ${Math.random().toString(36).slice(2, 8)}`,
      regionCode: region,
      reporter: { name: '王建国', phone: '13800138000', idNumber: '110101199003070011' },
      parties: [{ role: 'respondent', name: '李四', phone: '13900139000' }],
      ...extra,
    });
  }

  /**
   * A matter placed in `region` and driven to `status`. It is dispatched (when the status needs
   * it) to `assignee`, by default a department of the owner's region.
   */
  async inStatus(
    region: string,
    status: TMatterStatus,
    opts: { assignee?: { unitId: number; actor: Actor } } = {},
  ): Promise<{ matter: TMatter; owner: Actor; assignee: { unitId: number; actor: Actor } }> {
    const ownerRegion = this.ownerRegion(region);
    const owner = await this.center(ownerRegion);
    const assignee = opts.assignee ?? (await this.department(ownerRegion));
    let m = await this.register(region, {
      acceptNow: status !== 'registered' && status !== 'declined',
    });
    const step = async (who: Actor, action: string, body: unknown = {}) => {
      m = await this.ok(who, `/api/matters/${m.id}/${action}`, body);
    };
    const path: Record<TMatterStatus, (() => Promise<void>)[]> = {
      registered: [],
      accepted: [],
      declined: [() => step(owner, 'decline', { reason: '不属于受理范围' })],
      dispatched: [
        () => step(owner, 'dispatch', { assignments: [{ unitId: assignee.unitId, lead: true }] }),
      ],
      handling: [],
      fed_back: [],
      verified: [],
      closed: [],
      archived: [],
      suspended: [],
      terminated: [() => step(owner, 'terminate', { reason: '当事人撤回' })],
      merged: [],
    };
    const handling = [...path.dispatched, () => step(assignee.actor, 'sign')];
    path.handling = handling;
    path.suspended = [...handling, () => step(owner, 'suspend', { reason: '等待鉴定结果' })];
    path.fed_back = [
      ...handling,
      () =>
        step(assignee.actor, 'feedback', { result: '已调解，双方达成和解', outcome: 'resolved' }),
    ];
    path.verified = [...path.fed_back, () => step(owner, 'verify-pass')];
    path.closed = [...path.verified, () => step(owner, 'close')];
    path.archived = [...path.closed, () => step(owner, 'follow-up', { satisfaction: 5 })];
    path.merged = [
      async () => {
        const target = await this.register(region, { acceptNow: true });
        await step(owner, 'merge', { targetId: target.id });
      },
    ];
    for (const s of path[status]) {
      await s();
    }
    if (m.status !== status) {
      throw new Error(`factory reached ${m.status}, wanted ${status}`);
    }
    return { matter: m, owner, assignee };
  }
}
