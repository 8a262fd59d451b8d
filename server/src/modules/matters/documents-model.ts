// The content of each 文书 (DOMAIN.md §4), built from loaded rows as plain blocks that the HTML
// and .docx renderers lay out the same way. Reporter identity is decided here, once: the 受理回执
// and 告知书 go to the reporter and show the masked name; the 交办单 and 督办函 go to other units
// and never carry the reporter at all, not even inside the free text (SECURITY.md H6).
import {
  CHANNELS,
  MATTER_TYPES,
  SUPERVISION_LEVELS,
  type TChannel,
  type TMatterType,
} from '@fengqiao/contracts';
import { maskName, scrubText } from '@fengqiao/contracts/masking/mask.ts';
import {
  MATTER_DOCUMENTS,
  type TMatterDocumentKind,
} from '@fengqiao/contracts/matters/documents.ts';

export interface DocMatter {
  id: number;
  code: string;
  trackingCode: string;
  type: TMatterType;
  categoryName: string;
  channel: TChannel;
  title: string;
  description: string;
  regionName: string;
  countyName: string;
  address: string | null;
  /** Clear reporter name (decrypted), null when anonymous or unknown; only ever shown masked. */
  reporterName: string | null;
  urgent: boolean;
  dueAt: Date | null;
  outcome: string | null;
  registeredAt: Date;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  ownerUnitName: string;
  registeredUnitName: string;
}

export interface DocAssignment {
  unitName: string;
  isLead: boolean;
  dueAt: Date | null;
  dispatchedAt: Date;
}

export interface DocSupervision {
  level: keyof typeof SUPERVISION_LEVELS;
  notice: string;
  replyDue: Date | null;
  createdAt: Date;
  byUnitName: string | null;
  toUnitName: string | null;
}

export type DocBlock =
  | { kind: 'text'; text: string; indent: boolean }
  | { kind: 'fields'; rows: readonly (readonly [string, string])[] }
  | { kind: 'qr'; url: string; caption: string };

export interface DocModel {
  kind: TMatterDocumentKind;
  title: string;
  /** 文号; the receipt has none (the matter code identifies it). */
  number: string | null;
  issuer: string;
  date: string;
  blocks: DocBlock[];
  /** Who printed it and when: a visible trace on every page (SECURITY.md E4). */
  printTrace: string;
  /** The same trace, short, repeated faintly across the printed page. */
  watermark: string;
  fileStem: string;
}

export interface DocSources {
  matter: DocMatter;
  assignments: DocAssignment[];
  supervision: DocSupervision | null;
  trackUrl: string;
  printedBy: string;
  printedAt: Date;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = SHANGHAI.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** 2026年11月23日, in China time, without leading zeros as official documents write it. */
export function chineseDate(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日`;
}

function chineseDateTime(at: Date): string {
  const p = shanghaiParts(at);
  return `${chineseDate(at)} ${p.hour}:${p.minute}`;
}

const NUMBER_WORDS: Record<TMatterDocumentKind, string> = {
  receipt: '',
  acceptance_notice: '受',
  decline_notice: '不受',
  dispatch_sheet: '交',
  supervision_letter: '督',
};

/**
 * 文号 such as 曲周综治交〔2026〕第11230001号: county short name, a word per document kind (so a
 * 受理告知书 and a 交办单 of one matter never share a number), the year, and a serial from the
 * matter code. Codes count per county and day, so the serial is MMDD + the day's sequence to
 * stay unique within the year; a code without a date falls back to its trailing digits.
 */
export function documentNumber(
  countyName: string,
  kind: TMatterDocumentKind,
  code: string,
  registeredAt: Date,
): string {
  const short = countyName.replace(/(自治县|自治旗|县|区|市|旗)$/u, '') || countyName;
  const dated = /(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\D?(\d{1,6})$/.exec(code);
  const year = dated?.[1] ?? shanghaiParts(registeredAt).year;
  const sequence = (dated?.[4] ?? /(\d{1,6})$/.exec(code)?.[1] ?? '0').padStart(4, '0');
  const serial = dated ? `${dated[2] ?? ''}${dated[3] ?? ''}${sequence}` : sequence;
  return `${short}综治${NUMBER_WORDS[kind]}〔${year}〕第${serial}号`;
}

/**
 * Free text with ID and phone numbers masked. For the reporter's own copy their name shows masked;
 * on a transfer it becomes "反映人" and phone numbers are left out entirely (SECURITY.md H6).
 */
function cleanText(text: string, reporterName: string | null, to: 'reporter' | 'transfer'): string {
  const scrubbed = scrubText(text, 'staff');
  const name = reporterName?.trim() ?? '';
  const named =
    name.length >= 2
      ? scrubbed.replaceAll(name, to === 'reporter' ? maskName(name) : '反映人')
      : scrubbed;
  return to === 'reporter' ? named : named.replace(/1[3-9]\d\*{4}\d{4}/g, '［已隐去］');
}

const text = (t: string, indent = true): DocBlock => ({ kind: 'text', text: t, indent });
const orNone = (d: Date | null): string => (d === null ? '—' : chineseDate(d));

function receipt(s: DocSources, m: DocMatter, reporter: string): DocBlock[] {
  return [
    text(`${reporter}：`, false),
    text('您反映的事项已登记。请妥善保管本回执，可凭查询码或扫描下方二维码查询办理进度。'),
    {
      kind: 'fields',
      rows: [
        ['事项编号', m.code],
        ['查询码', m.trackingCode],
        ['反映人', reporter],
        ['事项类型', MATTER_TYPES[m.type]],
        ['事项类别', m.categoryName],
        ['反映渠道', CHANNELS[m.channel]],
        ['诉求摘要', cleanText(m.title, m.reporterName, 'reporter')],
        ['所属区域', m.regionName],
        ['登记时间', chineseDateTime(m.registeredAt)],
        ['登记单位', m.registeredUnitName],
        ['办理时限', orNone(m.dueAt)],
      ],
    },
    { kind: 'qr', url: s.trackUrl, caption: `扫码查询办理进度  查询码：${m.trackingCode}` },
  ];
}

function acceptance(m: DocMatter, reporter: string): DocBlock[] {
  const basis = m.type === 'petition' ? '根据《信访工作条例》第二十三条的规定，' : '';
  return [
    text(`${reporter}：`, false),
    text(
      `你于${chineseDate(m.registeredAt)}反映的“${cleanText(m.title, m.reporterName, 'reporter')}”事项（事项编号：${m.code}），` +
        `经审查，${basis}本单位已于${orNone(m.acceptedAt)}予以受理，由${m.ownerUnitName}负责办理` +
        `${m.dueAt === null ? '' : `，办理期限至${chineseDate(m.dueAt)}`}。`,
    ),
    text(`办理过程中如需补充材料，我们将与你联系。你可凭查询码 ${m.trackingCode} 查询办理进度。`),
    text('特此告知。'),
  ];
}

function decline(m: DocMatter, reporter: string): DocBlock[] {
  const reason = m.outcome?.trim()
    ? cleanText(m.outcome, m.reporterName, 'reporter')
    : '不符合受理条件';
  return [
    text(`${reporter}：`, false),
    text(
      `你于${chineseDate(m.registeredAt)}反映的“${cleanText(m.title, m.reporterName, 'reporter')}”事项（事项编号：${m.code}），` +
        `经审查，决定不予受理。`,
    ),
    text(`理由及依据：${reason}`),
    text('你可以依照有关法律法规向有权处理的机关反映，或向本单位咨询。'),
    text('特此告知。'),
  ];
}

function dispatchSheet(m: DocMatter, assignments: DocAssignment[]): DocBlock[] {
  const lead = assignments.filter((a) => a.isLead).map((a) => a.unitName);
  const others = assignments.filter((a) => !a.isLead).map((a) => a.unitName);
  const due = assignments.find((a) => a.isLead)?.dueAt ?? m.dueAt;
  const dispatchedAt = assignments.reduce<Date | null>(
    (min, a) => (min === null || a.dispatchedAt < min ? a.dispatchedAt : min),
    null,
  );
  return [
    text(`${[...lead, ...others].join('、')}：`, false),
    text('现将下列事项交你单位办理，请及时签收，在办理时限内办结并书面反馈办理结果。'),
    {
      kind: 'fields',
      rows: [
        ['事项编号', m.code],
        ['事项类型', MATTER_TYPES[m.type]],
        ['事项类别', m.categoryName],
        ['紧急程度', m.urgent ? '紧急' : '一般'],
        ['事发区域', m.regionName],
        ['事发地点', m.address === null ? '—' : cleanText(m.address, m.reporterName, 'transfer')],
        ['事项摘要', cleanText(m.title, m.reporterName, 'transfer')],
        ['事项内容', cleanText(m.description, m.reporterName, 'transfer')],
        ['主办单位', lead.join('、') || '—'],
        ['协办单位', others.join('、') || '—'],
        ['交办时间', dispatchedAt === null ? '—' : chineseDateTime(dispatchedAt)],
        ['办理时限', orNone(due)],
      ],
    },
    // the unit handling a complaint may be the one complained about (SECURITY.md H6)
    text('反映人信息依规不在本单列示。确需联系反映人的，请通过交办单位联系。'),
  ];
}

function supervisionLetter(m: DocMatter, sv: DocSupervision): DocBlock[] {
  return [
    text(`${sv.toUnitName ?? m.ownerUnitName}：`, false),
    text(
      `你单位承办的“${cleanText(m.title, m.reporterName, 'transfer')}”事项（事项编号：${m.code}），` +
        `经审查存在下列问题，现予${SUPERVISION_LEVELS[sv.level]}。`,
    ),
    {
      kind: 'fields',
      rows: [
        ['督办级别', SUPERVISION_LEVELS[sv.level]],
        ['事项编号', m.code],
        ['原办理时限', orNone(m.dueAt)],
        ['督办事由及整改要求', cleanText(sv.notice, m.reporterName, 'transfer')],
        ['督办时间', chineseDate(sv.createdAt)],
        ['反馈期限', orNone(sv.replyDue)],
      ],
    },
    text(
      `请你单位高度重视，认真整改，并于${orNone(sv.replyDue)}前将整改情况和改进建议的采纳情况书面反馈${sv.byUnitName ?? '本单位'}。`,
    ),
  ];
}

/** The blocks of one document, or null when the matter has no such document (yet). */
export function buildDocument(kind: TMatterDocumentKind, s: DocSources): DocModel | null {
  const m = s.matter;
  const reporter = m.reporterName === null ? '反映人' : maskName(m.reporterName);
  const number =
    kind === 'receipt' ? null : documentNumber(m.countyName, kind, m.code, m.registeredAt);
  const base = {
    kind,
    title: MATTER_DOCUMENTS[kind],
    number,
    printTrace: `打印：${s.printedBy}  ${chineseDateTime(s.printedAt)}  仅限工作使用，不得转发`,
    watermark: `${s.printedBy} ${chineseDate(s.printedAt)}`,
    fileStem: `${MATTER_DOCUMENTS[kind]}-${m.code}`,
  };
  switch (kind) {
    case 'receipt':
      return {
        ...base,
        issuer: m.registeredUnitName,
        date: chineseDate(m.registeredAt),
        blocks: receipt(s, m, reporter),
      };
    case 'acceptance_notice':
      return m.acceptedAt === null
        ? null
        : {
            ...base,
            issuer: m.ownerUnitName,
            date: chineseDate(m.acceptedAt),
            blocks: acceptance(m, reporter),
          };
    case 'decline_notice':
      return m.declinedAt === null
        ? null
        : {
            ...base,
            issuer: m.ownerUnitName,
            date: chineseDate(m.declinedAt),
            blocks: decline(m, reporter),
          };
    case 'dispatch_sheet': {
      const first = s.assignments[0];
      return first === undefined
        ? null
        : {
            ...base,
            issuer: m.ownerUnitName,
            date: chineseDate(first.dispatchedAt),
            blocks: dispatchSheet(m, s.assignments),
          };
    }
    case 'supervision_letter':
      return s.supervision === null
        ? null
        : {
            ...base,
            issuer: s.supervision.byUnitName ?? m.ownerUnitName,
            date: chineseDate(s.supervision.createdAt),
            blocks: supervisionLetter(m, s.supervision),
          };
  }
}
