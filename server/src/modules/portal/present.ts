// The public view of a matter (SECURITY.md E5, H6): coarse status, dates, and the steps by name
// only — no staff, no units' comments — with every free text scrubbed of ID numbers and phones
// and the reporter's and parties' names masked.
import {
  PORTAL_STATUSES,
  type TPortalStatus,
  type TPortalTrack,
} from '@fengqiao/contracts/portal/schemas.ts';
import type { TMatterStatus } from '@fengqiao/contracts';
import { maskName, scrubText } from '@fengqiao/contracts/masking/mask.ts';
import { CommitThenFail, type RequestCtx } from '../../core/http/context.ts';
import { notFound } from '../../core/errors.ts';
import {
  findByTrackingCode,
  findResult,
  listPartyNames,
  listSteps,
  type PublicMatterRow,
} from './queries.ts';
import { assertEventsBelow, ipKey, PORTAL_LIMITS, recordEvent } from './throttle.ts';

const PUBLIC_STATUS: Record<TMatterStatus, TPortalStatus> = {
  registered: 'submitted',
  accepted: 'processing',
  dispatched: 'processing',
  handling: 'processing',
  fed_back: 'processing',
  verified: 'processing',
  suspended: 'suspended',
  closed: 'awaiting_rating',
  archived: 'completed',
  declined: 'declined',
  terminated: 'terminated',
  merged: 'merged',
};

/** Steps the public may see, with their public wording; the rest are internal (退回, 督办 …). */
const PUBLIC_STEPS: Partial<Record<string, string>> = {
  register: '已登记',
  accept: '已受理',
  decline: '不予受理',
  dispatch: '已交承办单位办理',
  sign: '承办单位已签收',
  feedback: '承办单位已反馈办理结果',
  verify_pass: '办理结果已核查',
  close: '已办结',
  follow_up: '已评价',
  escalate: '已提交上级综治中心办理',
  hand_down: '已交下级综治中心办理',
  approve_extension: '办理期限已延长',
  suspend: '暂缓办理',
  resume: '恢复办理',
  terminate: '已终止办理',
  merge: '已与相同诉求合并办理',
};

const TITLE_LENGTH = 30;

export function receiptPath(trackingCode: string): string {
  return `/api/portal/track/${encodeURIComponent(trackingCode)}/receipt`;
}

/**
 * The matter behind a tracking code. Unknown codes count against the caller's address, and once
 * too many missed, every lookup from it waits (429): codes cannot be enumerated.
 */
export async function findPublicMatter(ctx: RequestCtx, code: string): Promise<PublicMatterRow> {
  const ip = ipKey(ctx);
  await assertEventsBelow(ctx, 'miss', { ip }, PORTAL_LIMITS.missPerIp);
  const row = await findByTrackingCode(ctx.tx, code);
  if (row === undefined) {
    await recordEvent(ctx, 'miss', ip);
    // commit the miss, then answer 404
    throw new CommitThenFail(notFound());
  }
  return row;
}

/** The clear names that must not appear in public text: reporter and parties. */
export async function namesToMask(ctx: RequestCtx, m: PublicMatterRow): Promise<string[]> {
  const cipher = ctx.deps.cipher;
  const encrypted = await listPartyNames(ctx.tx, m.id);
  const names = encrypted.map((e) => cipher.decrypt(e));
  if (!m.anonymous && m.reporter_name_enc !== null) {
    names.push(cipher.decrypt(m.reporter_name_enc));
  }
  return names.map((n) => n.trim()).filter((n) => n.length >= 2);
}

export function scrubPublic(text: string, names: readonly string[]): string {
  let out = scrubText(text, 'public');
  for (const name of names) {
    out = out.replaceAll(name, maskName(name));
  }
  return out;
}

/**
 * A registration without a title takes the description's first characters, which can cut a
 * phone number in half where no pattern finds it: scrub the whole description, then shorten.
 */
export function publicTitle(m: PublicMatterRow, names: readonly string[]): string {
  const source = m.description.startsWith(m.title) ? m.description : m.title;
  const chars = Array.from(scrubPublic(source, names));
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH).join('')}…` : chars.join('');
}

async function publicResult(
  ctx: RequestCtx,
  m: PublicMatterRow,
  names: readonly string[],
): Promise<string | null> {
  if (m.status === 'declined') {
    return m.outcome === null ? null : scrubPublic(m.outcome, names);
  }
  if (m.status !== 'closed' && m.status !== 'archived') {
    return null;
  }
  const result = await findResult(ctx.tx, m.id, m.cycle);
  return result === null ? null : scrubPublic(result, names);
}

export async function presentTrack(ctx: RequestCtx, m: PublicMatterRow): Promise<TPortalTrack> {
  const names = await namesToMask(ctx, m);
  const steps = (await listSteps(ctx.tx, m.id)).flatMap((s) => {
    const label = s.reopened ? '评价不满意，重新办理' : PUBLIC_STEPS[s.action];
    return label === undefined ? [] : [{ label, at: s.at.toISOString() }];
  });
  const status = PUBLIC_STATUS[m.status];
  const isDone = m.status === 'closed' || m.status === 'archived';
  return {
    trackingCode: m.tracking_code,
    code: m.code,
    title: publicTitle(m, names),
    categoryName: m.category_name ?? m.category_code,
    regionName: m.region_name ?? m.region_code,
    status,
    statusLabel: PORTAL_STATUSES[status],
    ownerUnitName: m.owner_unit_name,
    submittedAt: m.registered_at.toISOString(),
    acceptedAt: m.accepted_at?.toISOString() ?? null,
    closedAt: isDone ? (m.closed_at?.toISOString() ?? null) : null,
    dueAt: isDone ? null : (m.due_at?.toISOString() ?? null),
    steps,
    result: await publicResult(ctx, m, names),
    // the outcome column holds the 办理结果 label once fed back, a reason text otherwise
    outcome: isDone ? m.outcome : null,
    satisfaction: m.satisfaction,
    canRate: m.status === 'closed',
    receiptUrl: receiptPath(m.tracking_code),
  };
}
