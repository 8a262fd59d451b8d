// 脱敏 defaults per SECURITY.md §3 (H4, E4, E5, C2). Values are normalised first and anything
// that does not parse is masked completely, so a malformed value never leaks in clear.
import { normalizeIdNumber, validateIdNumber } from '../validators/id-number.ts';
import { normalizeUscc, usccCheckChar } from '../validators/uscc.ts';

export type TMaskAudience = 'staff' | 'public';
export type TMaskKind = 'idNumber' | 'phone' | 'name' | 'address' | 'bankCard' | 'uscc' | 'text';

const MASK_CHAR = '*';

// 复姓 of the 百家姓. Taiwanese double surnames (张简, 范姜) are left out on purpose: on the
// mainland 张简… is usually 张 + a given name, and showing 简 would leak part of it.
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  `欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳
  公冶 太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙
  壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉
  公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长
  子书 子桑 即墨 达奚 褚师 单于`
    .split(/\s+/)
    .filter((surname) => surname.length > 0),
);

const VILLAGE_MARKERS = ['居委会', '社区', '村'];
const TOWN_MARKERS = ['街道', '镇', '乡'];
// Province / prefecture / county suffixes, used only when no town or village marker exists.
const DIVISION_PREFIX =
  /^[^\d０-９#＃]{1,12}?(?:自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|区|旗)/u;

function maskRun(length: number): string {
  return MASK_CHAR.repeat(Math.max(0, length));
}

// Lengths are in code points so a rare-character name (CJK Ext-B) keeps one mask per character.
function maskFully(value: string): string {
  return maskRun(Array.from(value.trim()).length);
}

/** Maps full-width digits and letters to ASCII one code unit each, so indices stay aligned. */
function toHalfWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const isFullWidthAlnum =
      (code >= 0xff10 && code <= 0xff19) ||
      (code >= 0xff21 && code <= 0xff3a) ||
      (code >= 0xff41 && code <= 0xff5a);
    out += isFullWidthAlnum ? String.fromCharCode(code - 0xfee0) : text.charAt(i);
  }
  return out;
}

/**
 * Staff see first 3 + last 4 (hides county and birth date); the public portal sees first and
 * last character only. 15-digit numbers keep first 3 + last 4 for staff.
 */
export function maskIdNumber(value: string, audience: TMaskAudience = 'staff'): string {
  const id = normalizeIdNumber(value);
  if (/^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id)) {
    return audience === 'public'
      ? id.charAt(0) + maskRun(id.length - 2) + id.charAt(id.length - 1)
      : id.slice(0, 3) + maskRun(id.length - 7) + id.slice(-4);
  }
  return maskFully(value);
}

/** Mobile 138****1234; landline keeps the area code and the last 2 digits. */
export function maskPhone(value: string): string {
  const compact = toHalfWidth(value.trim()).replace(/[\s\-()（）]/g, '');
  const mobile = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(compact)?.[1];
  if (mobile !== undefined) {
    return mobile.slice(0, 3) + maskRun(4) + mobile.slice(-4);
  }
  // 010 and 02x are three-digit area codes, all others four (GB/T 13734 numbering plan).
  const landline = /^(0[12]\d|0[3-9]\d{2})?([2-9]\d{6,7})$/.exec(compact);
  if (landline !== null) {
    const area = landline[1];
    const local = landline[2] ?? '';
    const masked = maskRun(local.length - 2) + local.slice(-2);
    return area === undefined ? masked : `${area}-${masked}`;
  }
  return maskFully(value);
}

/** Keeps the surname: 张三 → 张*, 欧阳娜娜 → 欧阳**; a single character is masked entirely. */
export function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length <= 1) {
    return maskRun(chars.length);
  }
  const firstTwo = chars.slice(0, 2).join('');
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(firstTwo) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + maskRun(chars.length - surnameLength);
}

/** Bank cards keep the first 6 (issuer BIN) and last 4 digits. */
export function maskBankCard(value: string): string {
  const digits = toHalfWidth(value.trim()).replace(/[\s-]/g, '');
  if (/^\d{12,19}$/.test(digits)) {
    return digits.slice(0, 6) + maskRun(digits.length - 10) + digits.slice(-4);
  }
  return maskFully(value);
}

/** Organisation codes are public, but 个体工商户 codes identify a person: keep 2 + last 4. */
export function maskUscc(value: string): string {
  const code = normalizeUscc(value);
  if (/^[0-9A-Z]{18}$/.test(code)) {
    return code.slice(0, 2) + maskRun(12) + code.slice(-4);
  }
  return maskFully(value);
}

/** End index of the first of `markers` found in text(from, limit), or -1. */
function findMarkerEnd(
  text: string,
  markers: readonly string[],
  from: number,
  limit: number,
): number {
  // A marker needs a name before it: 镇江市 starts with 镇 but is not a town.
  for (let i = from + 1; i < limit; i += 1) {
    const marker = markers.find((candidate) => text.startsWith(candidate, i));
    if (marker !== undefined && i + marker.length <= limit) {
      return i + marker.length;
    }
  }
  return -1;
}

function findDivisionEnd(text: string, limit: number): number {
  let end = 0;
  for (;;) {
    const match = DIVISION_PREFIX.exec(text.slice(end, limit));
    // 小区 is a housing estate and 超市 a shop, not a district or city: they pinpoint a home.
    if (match === null || match[0].endsWith('小区') || match[0].endsWith('超市')) {
      return end;
    }
    end += match[0].length;
  }
}

function findRegionHintEnd(text: string, regionNames: readonly string[], limit: number): number {
  let end = -1;
  for (const name of regionNames) {
    const at = name.length > 0 ? text.indexOf(name) : -1;
    if (at >= 0 && at + name.length <= limit) {
      end = Math.max(end, at + name.length);
    }
  }
  return end;
}

function findAddressKeepEnd(text: string, audience: TMaskAudience, limit: number): number {
  if (audience === 'public') {
    const townEnd = findMarkerEnd(text, TOWN_MARKERS, 0, limit);
    return townEnd >= 0 ? townEnd : findDivisionEnd(text, limit);
  }
  const firstEnd = findMarkerEnd(text, [...VILLAGE_MARKERS, ...TOWN_MARKERS], 0, limit);
  if (firstEnd < 0) {
    return findDivisionEnd(text, limit);
  }
  const isTown = TOWN_MARKERS.some((marker) => text.slice(0, firstEnd).endsWith(marker));
  const villageEnd = isTown ? findMarkerEnd(text, VILLAGE_MARKERS, firstEnd, limit) : -1;
  return villageEnd >= 0 ? villageEnd : firstEnd;
}

/**
 * Keeps the address down to 村/社区 (staff) or 乡镇/街道 (public) and masks the rest; house
 * numbers are never kept because nothing after the first digit can be part of the kept prefix.
 * `regionNames` (e.g. the org unit names of the record's grid) take precedence over markers.
 */
export function maskAddress(
  address: string,
  regionNames: readonly string[] = [],
  audience: TMaskAudience = 'staff',
): string {
  const text = address.trim();
  const firstDigit = text.search(/[\d０-９#＃]/u);
  const limit = firstDigit < 0 ? text.length : firstDigit;
  const hintEnd = findRegionHintEnd(text, regionNames, limit);
  const keepEnd = hintEnd >= 0 ? hintEnd : findAddressKeepEnd(text, audience, limit);
  return text.slice(0, keepEnd) + maskRun(Array.from(text.slice(keepEnd)).length);
}

interface TSpan {
  start: number;
  end: number;
  replacement: string;
}

const ID_BOUNDED = /(?<!\d)(?:\d{17}[\dX]|\d{15})(?!\d)/g;
// Lookahead windows find IDs glued to other digits; those count only with a valid check digit.
const ID_WINDOW = /(?=(\d{17}[\dX]))/g;
const FAR_FUTURE = new Date(Date.UTC(9999, 11, 31));
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const USCC_WINDOW = /(?=([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}))/g;

function isAlphanumeric(ch: string): boolean {
  return /^[0-9A-Z]$/.test(ch);
}

function findSensitiveSpans(scan: string, audience: TMaskAudience): TSpan[] {
  const candidates: TSpan[] = [];
  const add = (start: number, length: number, replacement: string): void => {
    candidates.push({ start, end: start + length, replacement });
  };
  for (const match of scan.matchAll(ID_BOUNDED)) {
    add(match.index, match[0].length, maskIdNumber(match[0], audience));
  }
  for (const match of scan.matchAll(ID_WINDOW)) {
    const id = match[1] ?? '';
    // A fixed far-future "today" keeps scrubbing independent of the clock; shape is what counts.
    if (validateIdNumber(id, { today: FAR_FUTURE }).ok) {
      add(match.index, id.length, maskIdNumber(id, audience));
    }
  }
  for (const match of scan.matchAll(MOBILE)) {
    add(match.index, match[0].length, maskPhone(match[0]));
  }
  for (const match of scan.matchAll(USCC_WINDOW)) {
    const code = match[1] ?? '';
    const isBounded =
      !isAlphanumeric(scan.charAt(match.index - 1)) &&
      !isAlphanumeric(scan.charAt(match.index + code.length));
    if (isBounded || usccCheckChar(code.slice(0, 17)) === code.charAt(17)) {
      add(match.index, code.length, maskUscc(code));
    }
  }
  return candidates;
}

/**
 * Replaces every 18/15-digit ID number (full-width digits and x included), mobile number and
 * USCC in free text with its masked form (SECURITY.md E5, C2). Earlier rules win on overlap.
 */
export function scrubText(text: string, audience: TMaskAudience = 'public'): string {
  // Upper-casing ASCII letters and folding full-width forms keeps every index aligned with `text`.
  const scan = toHalfWidth(text).replace(/[a-z]/g, (ch) => ch.toUpperCase());
  // One flag per code unit keeps overlap checks linear even for exports with many identifiers.
  const taken = new Uint8Array(text.length);
  const accepted: TSpan[] = [];
  for (const span of findSensitiveSpans(scan, audience)) {
    if (!taken.subarray(span.start, span.end).includes(1)) {
      taken.fill(1, span.start, span.end);
      accepted.push(span);
    }
  }
  accepted.sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const span of accepted) {
    out += text.slice(cursor, span.start) + span.replacement;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

/** Dispatches by field kind, so presenters can mask from a column → kind map. */
export function maskField(kind: TMaskKind, value: string, audience: TMaskAudience): string {
  switch (kind) {
    case 'idNumber':
      return maskIdNumber(value, audience);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value, [], audience);
    case 'bankCard':
      return maskBankCard(value);
    case 'uscc':
      return maskUscc(value);
    case 'text':
      return scrubText(value, audience);
  }
}
