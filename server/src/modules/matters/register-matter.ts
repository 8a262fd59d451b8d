import { randomInt } from 'node:crypto';
import type { TFieldError, TMatter, TRegisterMatter } from '@fengqiao/contracts';
import { ID_NUMBER_MESSAGES, validateIdNumber } from '@fengqiao/contracts/validators/id-number.ts';
import { localDateOf } from '../../core/calendar.ts';
import type { Tx } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { AppError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { isCodeInScope } from '../../core/scope.ts';
import { startClock, refreshMatterDue } from './clocks.ts';
import { resolvePlace } from './place.ts';
import { presentMatterById } from './presenter.ts';
import { insertHistory } from './queries.ts';
import { matterSearchDocument } from './search.ts';
import { notifyUnits } from './notify-units.ts';
import { linkAttachments } from '../attachments/service.ts';

const LEVEL_OF_REGION: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };
const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function trackingCode(): string {
  let out = '';
  for (let i = 0; i < 10; i += 1) {
    out += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)] ?? '';
  }
  return out;
}

/** region + date + daily sequence, e.g. 130435-20261123-0007 (one counter per county and day). */
async function nextCode(tx: Tx, regionCode: string, now: Date): Promise<string> {
  const county = regionCode.slice(0, 6).padEnd(6, '0');
  const day = localDateOf(now).replaceAll('-', '');
  const row = await tx.one<{ last: number }>(sql`
    INSERT INTO matter_code_seq (prefix, last) VALUES (${county + day}, 1)
    ON CONFLICT (prefix) DO UPDATE SET last = matter_code_seq.last + 1 RETURNING last`);
  return `${county}-${day}-${String(row.last).padStart(4, '0')}`;
}

function checkIdNumbers(input: TRegisterMatter, today: Date): TFieldError[] {
  const problems: TFieldError[] = [];
  const check = (value: string | undefined, path: string): void => {
    if (value === undefined) {
      return;
    }
    const r = validateIdNumber(value, { today });
    if (!r.ok) {
      problems.push({
        path,
        code: `id_number.${r.code.toLowerCase()}`,
        message: ID_NUMBER_MESSAGES[r.code],
      });
    }
  };
  check(input.reporter?.idNumber, 'reporter.idNumber');
  input.parties.forEach((p, i) => {
    check(p.idNumber, `parties.${i}.idNumber`);
  });
  return problems;
}

/** The owning center: the caller's own center, else the nearest center above the place. */
async function owningCenter(
  ctx: RequestCtx,
  regionCode: string,
): Promise<{ id: number; region_code: string }> {
  const actor = ctx.me();
  if (actor.unitKind === 'center') {
    return { id: actor.unitId, region_code: actor.regionCode };
  }
  const row = await ctx.tx.maybeOne<{ id: number; region_code: string }>(sql`
    SELECT id, region_code FROM unit WHERE kind = 'center' AND ${regionCode} LIKE region_code || '%'
    ORDER BY length(region_code) DESC, id LIMIT 1`);
  if (row === undefined) {
    throw new AppError('request.invalid', {
      fields: [{ path: 'regionCode', code: 'no_center', message: '该区划没有综治中心' }],
    });
  }
  return row;
}

async function checkReportedUnit(ctx: RequestCtx, id: number | undefined): Promise<void> {
  if (id === undefined) {
    return;
  }
  const u = await ctx.tx.maybeOne<{ region_code: string }>(
    sql`SELECT region_code FROM unit WHERE id = ${id}`,
  );
  const actor = ctx.me();
  if (
    u === undefined ||
    !(isCodeInScope(ctx.scope(), u.region_code) || actor.regionCode.startsWith(u.region_code))
  ) {
    throw new AppError('request.invalid', {
      fields: [
        { path: 'reportedUnitId', code: 'not_found', message: '被举报单位不存在或不在范围内' },
      ],
    });
  }
}

/** 登记: every channel and type becomes one matter on the one engine. */
export async function registerMatter(ctx: RequestCtx, input: TRegisterMatter): Promise<TMatter> {
  const actor = ctx.me();
  const now = ctx.clock.now();
  const { tx, deps } = ctx;
  const problems = checkIdNumbers(input, now);
  const category = await tx.maybeOne(
    sql`SELECT 1 FROM dict_item WHERE dict = 'matter_category' AND code = ${input.categoryCode} AND active`,
  );
  if (category === undefined) {
    problems.push({ path: 'categoryCode', code: 'not_found', message: '事项类别不存在或已停用' });
  }
  if (problems.length > 0) {
    throw new AppError('request.invalid', { fields: problems });
  }
  const place = await resolvePlace(ctx, input);
  await checkReportedUnit(ctx, input.reportedUnitId);
  const owner = await owningCenter(ctx, place.regionCode);
  const code = await nextCode(tx, place.regionCode, now);
  const c = deps.cipher;
  const enc = (v: string | undefined) => (v === undefined ? null : c.encrypt(v));
  const reporter = input.anonymous ? undefined : input.reporter;
  const idNorm =
    reporter?.idNumber === undefined
      ? undefined
      : validateIdNumber(reporter.idNumber, { today: now });
  const status = input.acceptNow ? 'accepted' : 'registered';
  const title = input.title ?? input.description.slice(0, 30);
  const doc = matterSearchDocument(
    {
      code,
      title,
      description: input.description,
      address: input.address ?? null,
      partyNames: input.parties.map((p) => p.name),
    },
    (s) => c.blindIndex(s),
  );
  const row = await tx.one<{ id: number }>(sql`
    INSERT INTO matter (code, tracking_code, type, category_code, channel, title, description, region_code, grid_code,
      address, lon, lat, anonymous, reporter_name_enc, reporter_phone_enc, reporter_idno_enc, reporter_idno_index,
      reporter_phone_index, reported_unit_id, urgent, collective, headcount, repeat, risk, status, owner_unit_id,
      registered_unit_id, registered_by, arose_level, search, registered_at, accepted_at, updated_at)
    VALUES (${code}, ${trackingCode()}, ${input.type}, ${input.categoryCode}, ${input.channel}, ${title}, ${input.description},
      ${place.regionCode}, ${place.gridCode}, ${input.address ?? null}, ${input.point?.lon ?? null}, ${input.point?.lat ?? null},
      ${input.anonymous}, ${enc(reporter?.name)}, ${enc(reporter?.phone)}, ${idNorm?.ok === true ? c.encrypt(idNorm.value) : null},
      ${idNorm?.ok === true ? c.blindIndex(idNorm.value) : null}, ${reporter?.phone === undefined ? null : c.blindIndex(reporter.phone)},
      ${input.reportedUnitId ?? null}, ${input.urgent}, ${input.collective}, ${input.headcount ?? null}, ${input.repeat},
      ${input.risk ?? null}, ${status}, ${owner.id}, ${actor.unitId}, ${actor.userId},
      ${LEVEL_OF_REGION[owner.region_code.length] ?? 3}, to_tsvector('simple', ${doc}), ${now},
      ${input.acceptNow ? now : null}, ${now})
    RETURNING id`);
  for (const p of input.parties) {
    const pid = p.idNumber === undefined ? undefined : validateIdNumber(p.idNumber, { today: now });
    await tx.query(sql`
      INSERT INTO matter_party (matter_id, role, name_enc, phone_enc, idno_enc, idno_index, region_code)
      VALUES (${row.id}, ${p.role}, ${c.encrypt(p.name)}, ${enc(p.phone)}, ${pid?.ok === true ? c.encrypt(pid.value) : null},
        ${pid?.ok === true ? c.blindIndex(pid.value) : null}, ${place.regionCode})`);
  }
  await linkAttachments(tx, input.attachmentIds, row.id, actor.userId);
  if (!input.acceptNow) {
    await startClock(tx, now, {
      matterId: row.id,
      cycle: 1,
      type: input.type,
      category: input.categoryCode,
      urgent: input.urgent,
      regionCode: place.regionCode,
      clock: 'accept',
      officeHours: null,
    });
    await refreshMatterDue(tx, row.id, now);
  }
  for (const action of input.acceptNow ? ['register', 'accept'] : ['register']) {
    await insertHistory(tx, {
      matterId: row.id,
      cycle: 1,
      action,
      from: action === 'register' ? null : 'registered',
      to: action === 'register' ? 'registered' : 'accepted',
      actorId: actor.userId,
      unitId: actor.unitId,
      at: now,
      comment: null,
      attachmentIds: input.attachmentIds,
      before: {},
      after: { channel: input.channel },
      regionCode: place.regionCode,
    });
  }
  await ctx.audit({
    event: 'matters.register',
    targetType: 'matter',
    targetId: row.id,
    regionCode: place.regionCode,
    details: { code, type: input.type, channel: input.channel },
  });
  if (owner.id !== actor.unitId) {
    await notifyUnits(
      ctx,
      new Map([[owner.id, { kind: 'registered', title: '新登记事项待受理' }]]),
      {
        matterId: row.id,
        code,
        title,
      },
    );
  }
  return presentMatterById(ctx, row.id);
}
