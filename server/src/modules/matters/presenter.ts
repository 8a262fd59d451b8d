import type { TMatter } from '@fengqiao/contracts';
import { maskIdNumber, maskName, maskPhone } from '@fengqiao/contracts/masking/mask.ts';
import type { FieldCipher } from '../../core/crypto.ts';
import { sql } from '../../core/db/sql.ts';
import { notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { abilitiesOf, loadFacts, type Facts } from './facts.ts';
import { findMatter, type MatterRow } from './queries.ts';
import { listAttachments } from '../attachments/service.ts';

interface PartyRow {
  id: number;
  role: 'applicant' | 'respondent' | 'third_party' | 'other';
  name_enc: string;
  phone_enc: string | null;
  idno_enc: string | null;
}

/**
 * The masking table (SECURITY.md §3, H6): who sees the reporter, and how.
 * - anonymous: nobody (nothing was recorded);
 * - 举报: never the reported unit, nor any unit the matter was dispatched to;
 * - other matters: the owning, registering and upper centers see it masked; units it was
 *   dispatched to do not see it at all (transfers omit the reporter's identity).
 * Parties are shown masked to everyone who sees the matter. Full values only through reveal.
 */
export function reporterVisibility(m: MatterRow, f: Facts): 'hidden' | 'masked' {
  if (m.anonymous || m.reporter_name_enc === null) {
    return 'hidden';
  }
  if (m.reported_unit_id !== null && f.actor.unitId === m.reported_unit_id) {
    return 'hidden';
  }
  const center = f.isOwner || f.isUpper || f.actor.unitId === m.registered_unit_id;
  return center ? 'masked' : 'hidden';
}

function decrypt(cipher: FieldCipher, v: string | null): string | null {
  return v === null ? null : cipher.decrypt(v);
}

function maskedPerson(
  cipher: FieldCipher,
  name: string | null,
  phone: string | null,
  idno: string | null,
) {
  const n = decrypt(cipher, name);
  const p = decrypt(cipher, phone);
  const i = decrypt(cipher, idno);
  return {
    name: n === null ? null : maskName(n),
    phone: p === null ? null : maskPhone(p),
    idNumber: i === null ? null : maskIdNumber(i, 'staff'),
  };
}

async function related(ctx: RequestCtx, m: MatterRow) {
  const parties = await ctx.tx.query<PartyRow>(sql`
    SELECT id, role, name_enc, phone_enc, idno_enc FROM matter_party WHERE matter_id = ${m.id} ORDER BY id`);
  const attachments = await listAttachments(ctx.tx, m.id);
  return { parties, attachments };
}

export async function presentMatter(ctx: RequestCtx, m: MatterRow, f: Facts): Promise<TMatter> {
  const cipher = ctx.deps.cipher;
  const { parties, attachments } = await related(ctx, m);
  const visibility = reporterVisibility(m, f);
  return {
    id: m.id,
    code: m.code,
    trackingCode: m.tracking_code,
    type: m.type,
    categoryCode: m.category_code,
    categoryName: m.category_name ?? m.category_code,
    channel: m.channel,
    title: m.title,
    description: m.description,
    regionCode: m.region_code,
    regionName: m.region_name,
    gridCode: m.grid_code,
    address: m.address,
    point: m.lon === null || m.lat === null ? null : { lon: m.lon, lat: m.lat },
    anonymous: m.anonymous,
    reporter:
      visibility === 'hidden'
        ? null
        : maskedPerson(cipher, m.reporter_name_enc, m.reporter_phone_enc, m.reporter_idno_enc),
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      ...maskedPerson(cipher, p.name_enc, p.phone_enc, p.idno_enc),
    })),
    urgent: m.urgent,
    collective: m.collective,
    headcount: m.headcount,
    repeat: m.repeat,
    crossLevel: m.cross_level,
    risk: m.risk,
    status: m.status,
    cycle: m.cycle,
    reopenCount: m.reopen_count,
    ownerUnit: { id: m.owner_unit_id, name: m.owner_unit_name },
    assignments: f.assignments.map((a) => ({
      id: a.id,
      unitId: a.unit_id,
      unitName: a.unit_name,
      isLead: a.is_lead,
      status: a.status,
      dueAt: a.due_at?.toISOString() ?? null,
      signedAt: a.signed_at?.toISOString() ?? null,
      fedBackAt: a.fed_back_at?.toISOString() ?? null,
      feedback: a.feedback,
      returnReason: a.return_reason,
    })),
    dueAt: m.due_at?.toISOString() ?? null,
    dueProvisional: m.due_provisional,
    warning: m.warning,
    supervised: m.supervised,
    satisfaction: m.satisfaction,
    aroseLevel: m.arose_level,
    resolvedLevel: m.resolved_level,
    mergedInto: m.merged_into,
    outcome: m.outcome,
    pendingExtension:
      f.pendingExtension === undefined
        ? null
        : {
            id: f.pendingExtension.id,
            value: f.pendingExtension.value,
            reason: f.pendingExtension.reason,
          },
    attachments,
    registeredAt: m.registered_at.toISOString(),
    acceptedAt: m.accepted_at?.toISOString() ?? null,
    closedAt: m.closed_at?.toISOString() ?? null,
    updatedAt: m.updated_at.toISOString(),
    version: m.version,
    abilities: abilitiesOf(m, f),
    canReveal:
      f.actor.permissions.includes('pii.reveal') && (visibility === 'masked' || parties.length > 0),
  };
}

export async function presentMatterById(ctx: RequestCtx, id: number): Promise<TMatter> {
  const m = await findMatter(ctx.tx, id, ctx.scope());
  if (m === undefined) {
    throw notFound();
  }
  return presentMatter(ctx, m, await loadFacts(ctx.tx, m, ctx.me()));
}
