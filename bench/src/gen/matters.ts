// Matters, parties, assignments, clocks and history over the generated organisation, day by day
// from `years` before the anchor up to it. Ids are assigned here in registration order, so the
// same seed yields the same rows whatever the batch size.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import type { FieldCipher } from '@fengqiao/server/core/crypto.ts';
import { matterSearchDocument } from '@fengqiao/server/modules/matters/search.ts';
import { Alias, Rng } from '../lib/rng.ts';
import { Batch, Writer } from '../lib/bulk.ts';
import { simulate, type IdSource, type LifeResult } from './lifecycle.ts';
import { personName, phoneNumber } from './names.ts';
import type { County, Org, Village } from './org.ts';
import { TYPES, TYPE_ALIAS, type MatterType, type Target } from './profile.ts';
import type { Scale } from './scales.ts';
import { matterText } from './texts.ts';
import { MS_DAY, MS_HOUR, WorkCalendar, dayOf, isoDay, startOfDay } from './time.ts';

const LEVEL_OF_LENGTH: Record<number, number> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };
const TRACK = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const ts = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const MATTER_COLUMNS = [
  ['id', 'bigint'],
  ['code', 'text'],
  ['tracking_code', 'text'],
  ['type', 'text'],
  ['category_code', 'text'],
  ['channel', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['region_code', 'text'],
  ['grid_code', 'text'],
  ['address', 'text'],
  ['lon', 'float8'],
  ['lat', 'float8'],
  ['anonymous', 'boolean'],
  ['reporter_name_enc', 'text'],
  ['reporter_phone_enc', 'text'],
  ['reporter_phone_index', 'text'],
  ['reported_unit_id', 'bigint'],
  ['urgent', 'boolean'],
  ['collective', 'boolean'],
  ['headcount', 'int'],
  ['repeat', 'boolean'],
  ['cross_level', 'boolean'],
  ['risk', 'text'],
  ['status', 'text'],
  ['cycle', 'int'],
  ['reopen_count', 'int'],
  ['owner_unit_id', 'bigint'],
  ['registered_unit_id', 'bigint'],
  ['registered_by', 'bigint'],
  ['arose_level', 'smallint'],
  ['resolved_level', 'smallint'],
  ['due_at', 'float8', 'to_timestamp(u.due_at)'],
  ['warning', 'text'],
  ['supervised', 'boolean'],
  ['satisfaction', 'smallint'],
  ['merged_into', 'bigint'],
  ['outcome', 'text'],
  ['search', 'text', "to_tsvector('simple', u.search)"],
  ['registered_at', 'float8', 'to_timestamp(u.registered_at)'],
  ['accepted_at', 'float8', 'to_timestamp(u.accepted_at)'],
  ['closed_at', 'float8', 'to_timestamp(u.closed_at)'],
  ['updated_at', 'float8', 'to_timestamp(u.updated_at)'],
  ['version', 'int'],
] as const;

function batches() {
  const cols = (list: readonly (readonly string[])[]) =>
    list.map(([name = '', type = '', expr]) => ({ name, type, ...(expr ? { expr } : {}) }));
  return {
    matter: new Batch('matter', cols(MATTER_COLUMNS)),
    party: new Batch(
      'matter_party',
      cols([
        ['id', 'bigint'],
        ['matter_id', 'bigint'],
        ['role', 'text'],
        ['name_enc', 'text'],
        ['phone_enc', 'text'],
        ['region_code', 'text'],
      ]),
    ),
    assignment: new Batch(
      'matter_assignment',
      cols([
        ['id', 'bigint'],
        ['matter_id', 'bigint'],
        ['cycle', 'int'],
        ['unit_id', 'bigint'],
        ['is_lead', 'boolean'],
        ['status', 'text'],
        ['handler_id', 'bigint'],
        ['due_at', 'float8', 'to_timestamp(u.due_at)'],
        ['dispatched_by', 'bigint'],
        ['dispatched_at', 'float8', 'to_timestamp(u.dispatched_at)'],
        ['signed_at', 'float8', 'to_timestamp(u.signed_at)'],
        ['fed_back_at', 'float8', 'to_timestamp(u.fed_back_at)'],
        ['feedback', 'text'],
        ['return_reason', 'text'],
        ['region_code', 'text'],
      ]),
    ),
    clock: new Batch(
      'matter_clock',
      cols([
        ['id', 'bigint'],
        ['matter_id', 'bigint'],
        ['assignment_id', 'bigint'],
        ['cycle', 'int'],
        ['clock', 'text'],
        ['unit', 'text'],
        ['limit_value', 'int'],
        ['extension_value', 'int'],
        ['max_extension', 'int'],
        ['yellow_before', 'int'],
        ['started_at', 'float8', 'to_timestamp(u.started_at)'],
        ['due_at', 'float8', 'to_timestamp(u.due_at)'],
        ['stopped_at', 'float8', 'to_timestamp(u.stopped_at)'],
        ['region_code', 'text'],
      ]),
    ),
    history: new Batch(
      'matter_history',
      cols([
        ['id', 'bigint'],
        ['matter_id', 'bigint'],
        ['cycle', 'int'],
        ['action', 'text'],
        ['from_status', 'text'],
        ['to_status', 'text'],
        ['actor_id', 'bigint'],
        ['actor_unit_id', 'bigint'],
        ['at', 'float8', 'to_timestamp(u.at)'],
        ['comment', 'text'],
        ['after', 'text', 'u.after::jsonb'],
        ['region_code', 'text'],
      ]),
    ),
  };
}

export interface MatterGenOptions {
  db: Db;
  org: Org;
  scale: Scale;
  seed: number;
  anchor: number;
  cipher: FieldCipher;
  encrypt: (plain: string) => string;
  onProgress?: (done: number, day: string) => void;
}

export interface MatterGenResult {
  matters: number;
  history: number;
  assignments: number;
  clocks: number;
  parties: number;
  codeSeq: Map<string, number>;
  serverMs: Record<string, { ms: number; rows: number }>;
}

/** Tracking codes: a bijective scramble of the id into 10 base-32 characters (unique). */
function trackingCode(id: number): string {
  let x = (BigInt(id) * 0x5deece66dn + 0xbn) & ((1n << 50n) - 1n);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += TRACK[Number(x & 31n)] ?? '2';
    x >>= 5n;
  }
  return out;
}

const GROWTH = 1.08;

/** Matters per day: weekday pattern, a seasonal swing and ≈8 %/year growth, ±10 % noise, so that
 * the average year of the period has `mattersPerCityYear` per city. */
function dailyCount(scale: Scale, day: number, anchorDay: number, r: Rng): number {
  const y = scale.years;
  const meanGrowth = (1 - Math.pow(GROWTH, -y)) / (y * Math.log(GROWTH));
  const perDay = (scale.cities * scale.mattersPerCityYear) / 365 / meanGrowth;
  const dow = new Date(day * MS_DAY).getUTCDay();
  const week = [0.62, 1.14, 1.12, 1.1, 1.1, 1.12, 0.8][dow] ?? 1;
  const season = 1 + 0.12 * Math.sin(((day % 365) / 365) * 2 * Math.PI);
  const growth = Math.pow(GROWTH, (day - anchorDay) / 365);
  return Math.max(0, Math.round(perDay * week * season * growth * (1 + 0.1 * r.normal())));
}

export async function generateMatters(o: MatterGenOptions): Promise<MatterGenResult> {
  const { org, scale, seed, anchor, cipher } = o;
  const anchorDay = dayOf(anchor);
  const firstDay = anchorDay - Math.round(scale.years * 365);
  const cal = new WorkCalendar(firstDay - 5, anchorDay + 200);
  const villages = new Alias<Village>(
    org.villages,
    org.villages.map((v) => v.weight),
  );
  const parentOf = new Map(org.units.map((u) => [u.id, u.parentId]));
  const countyOf = new Map<string, County>(org.counties.map((c) => [c.code, c]));
  const staffPick = (unitId: number, r: Rng): number => {
    const list = org.staffOf.get(unitId);
    return list === undefined || list.length === 0 ? 1 : r.pick(list);
  };
  const levelOf = (unitId: number): number =>
    LEVEL_OF_LENGTH[org.centerRegion.get(unitId)?.length ?? 6] ?? 3;
  const b = batches();
  const w = new Writer(o.db, 2);
  const ids: IdSource = { assignment: 0, clock: 0, history: 0, party: 0 };
  const codeSeq = new Map<string, number>();
  const res: MatterGenResult = {
    matters: 0,
    history: 0,
    assignments: 0,
    clocks: 0,
    parties: 0,
    codeSeq,
    serverMs: {},
  };
  let id = 0;
  for (let day = firstDay; day <= anchorDay; day++) {
    const dr = Rng.for(seed, 'day', day);
    const n = dailyCount(scale, day, anchorDay, dr);
    // registration instants of the day, busier in office hours, sorted so ids follow time
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const hour = dr.chance(0.85) ? dr.range(8, 18) : dr.range(0, 24);
      times.push(startOfDay(day) + hour * MS_HOUR);
    }
    times.sort((a, c) => a - c);
    for (const t of times) {
      if (t > anchor) {
        break;
      }
      id += 1;
      const r = Rng.for(seed, 'matter', id);
      const v = villages.draw(r);
      const county = countyOf.get(v.code.slice(0, 6));
      if (county === undefined) {
        throw new Error(`no county for ${v.code}`);
      }
      const life = writeMatter(b, {
        id,
        t,
        r,
        v,
        county,
        anchor,
        cal,
        ids,
        cipher,
        encrypt: o.encrypt,
        codeSeq,
        staffPick,
        levelOf,
        parentOf,
        day,
      });
      res.matters += 1;
      res.history += life.history.length;
      res.assignments += life.assignments.length;
      res.clocks += life.clocks.length;
      if (b.matter.size >= 4000) {
        await w.flush(b.matter);
      }
      if (b.history.size >= 20000) {
        await w.flush(b.history);
      }
      if (b.assignment.size >= 10000) {
        await w.flush(b.assignment);
      }
      if (b.clock.size >= 10000) {
        await w.flush(b.clock);
      }
      if (b.party.size >= 10000) {
        res.parties += b.party.size;
        await w.flush(b.party);
      }
    }
    if (day % 30 === 0) {
      o.onProgress?.(res.matters, isoDay(day));
    }
  }
  res.parties += b.party.size;
  for (const batch of Object.values(b)) {
    await w.flush(batch);
  }
  await w.close();
  res.serverMs = Object.fromEntries(
    [...w.stats.entries()].map(([k, v]) => [k, { ms: Math.round(v.ms), rows: v.rows }]),
  );
  return res;
}

interface WriteCtx {
  id: number;
  t: number;
  r: Rng;
  v: Village;
  county: County;
  anchor: number;
  cal: WorkCalendar;
  ids: IdSource;
  cipher: FieldCipher;
  encrypt: (plain: string) => string;
  codeSeq: Map<string, number>;
  staffPick: (unitId: number, r: Rng) => number;
  levelOf: (unitId: number) => number;
  parentOf: Map<number, number | null>;
  day: number;
}

function targetUnit(c: WriteCtx, t: Target, r: Rng): number {
  const ts = c.v.township;
  switch (t) {
    case 'village_center':
      return c.v.centerId;
    case 'township_center':
      return ts.centerId;
    case 'police':
      return ts.policeId;
    case 'justice':
      return ts.justiceId;
    case 'mediation':
      return ts.mediationId;
    case 'county_center':
      return c.county.centerId;
    case 'county_dept':
      return r.pick([...c.county.departments.values()]);
  }
}

function writeMatter(b: ReturnType<typeof batches>, c: WriteCtx): LifeResult {
  const { r, v, id, t } = c;
  const type: MatterType = TYPE_ALIAS.draw(r);
  const p = TYPES[type];
  const category = p.categories.draw(r);
  const channel = p.channels.draw(r);
  const grid = r.pick(v.grids);
  const gridStaff = grid.staff.length > 0 ? grid.staff : [1];
  const byGrid = type === 'grid_event' || channel === 'grid_report';
  const owner =
    p.owner === 'village'
      ? v.centerId
      : p.owner === 'township'
        ? v.township.centerId
        : c.county.centerId;
  const registeredUnit = byGrid ? v.centerId : owner;
  const registeredBy = byGrid ? r.pick(gridStaff) : c.staffPick(registeredUnit, r);
  const urgent = r.chance(category === 'G6' ? 0.5 : 0.02);
  const collective = type === 'dispute' && r.chance(0.03);
  const withPoint = byGrid || r.chance(0.5);
  const [w, s, e, n] = grid.rect;
  const lon = withPoint ? Math.round((w + (e - w) * r.next()) * 1e6) / 1e6 : null;
  const lat = withPoint ? Math.round((s + (n - s) * r.next()) * 1e6) / 1e6 : null;
  const [title, description] = matterText(r, category, {
    village: v.name,
    township: v.township.name,
  });
  const address = `${v.township.name}${v.name}${1 + r.int(200)}号`;
  const anonymous = type === 'tip_off' ? r.chance(0.5) : r.chance(0.05);
  const reporterName = anonymous ? null : personName(r);
  const reporterPhone = anonymous || r.chance(0.2) ? null : phoneNumber(r);
  const partyNames = r.chance(p.parties) ? [personName(r), personName(r)] : [];
  // region + date + daily sequence per county, as registerMatter's nextCode
  const prefix = `${c.county.code}${isoDay(c.day).replaceAll('-', '')}`;
  const seq = (c.codeSeq.get(prefix) ?? 0) + 1;
  c.codeSeq.set(prefix, seq);
  const code = `${c.county.code}-${prefix.slice(6)}-${String(seq).padStart(4, '0')}`;
  const life = simulate(
    {
      id,
      registeredAt: t,
      acceptNow: type === 'grid_event' ? r.chance(0.7) : r.chance(0.3),
      profile: p,
      urgent,
      channel,
      registeredUnit,
      registeredBy,
      ownerUnit: owner,
      ownerLevel: c.levelOf(owner),
      parentCenter: (u) => c.parentOf.get(u) ?? null,
      levelOf: c.levelOf,
      targetUnit: (tg, rr) => targetUnit(c, tg, rr),
      staff: c.staffPick,
    },
    r,
    c.cal,
    c.anchor,
    c.ids,
  );
  const doc = matterSearchDocument({ code, title, description, address, partyNames }, (x) =>
    c.cipher.blindIndex(x),
  );
  const regionCode = v.code;
  b.matter.push(
    id,
    code,
    trackingCode(id),
    type,
    category,
    channel,
    title,
    description,
    regionCode,
    grid.code,
    address,
    lon,
    lat,
    anonymous,
    reporterName === null ? null : c.encrypt(reporterName),
    reporterPhone === null ? null : c.encrypt(reporterPhone),
    reporterPhone === null ? null : c.cipher.blindIndex(reporterPhone),
    type === 'tip_off' ? r.pick([...c.county.departments.values()]) : null,
    urgent,
    collective,
    collective ? 3 + r.int(40) : null,
    type === 'petition' && r.chance(0.2),
    life.crossLevel,
    type === 'dispute' ? r.pick(['blue', 'blue', 'yellow', 'yellow', 'orange', 'red']) : null,
    life.status,
    life.cycle,
    life.reopenCount,
    life.ownerUnitId,
    registeredUnit,
    registeredBy,
    c.levelOf(owner),
    life.resolvedLevel,
    ts(life.dueAt),
    life.warning,
    life.supervised,
    life.satisfaction,
    life.mergedInto,
    life.outcome,
    doc,
    t / 1000,
    ts(life.acceptedAt),
    ts(life.closedAt),
    life.updatedAt / 1000,
    life.history.length,
  );
  partyNames.forEach((name, i) => {
    b.party.push(
      ++c.ids.party,
      id,
      i === 0 ? 'applicant' : 'respondent',
      c.encrypt(name),
      i === 0 ? c.encrypt(phoneNumber(r)) : null,
      regionCode,
    );
  });
  for (const a of life.assignments) {
    b.assignment.push(
      a.id,
      id,
      a.cycle,
      a.unitId,
      a.isLead,
      a.status,
      a.handlerId,
      ts(a.dueAt),
      a.dispatchedBy,
      a.dispatchedAt / 1000,
      ts(a.signedAt),
      ts(a.fedBackAt),
      a.feedback,
      a.returnReason,
      regionCode,
    );
  }
  for (const k of life.clocks) {
    b.clock.push(
      k.id,
      id,
      k.assignmentId,
      k.cycle,
      k.clock,
      k.unit,
      k.limit,
      k.extension,
      k.maxExtension,
      k.yellowBefore,
      k.startedAt / 1000,
      k.dueAt / 1000,
      ts(k.stoppedAt),
      regionCode,
    );
  }
  for (const h of life.history) {
    b.history.push(
      ++c.ids.history,
      id,
      h.cycle,
      h.action,
      h.from,
      h.to,
      h.actorId,
      h.unitId,
      h.at / 1000,
      h.comment,
      h.after,
      regionCode,
    );
  }
  return life;
}
