// 公民身份号码 per GB 11643-1999 (ISO 7064 MOD 11-2 check), as specified in SECURITY.md §4.1.

// W[k] = 2^(17-k) mod 11 for k = 0..16; the check character carries weight 1.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// MAP[s] is the character c with s + value(c) ≡ 1 (mod 11), X standing for 10.
const CHECK_MAP = '10X98765432';
// Province-level codes of GB/T 2260 (11–15 华北 … 81–83 港澳台); leading 9 is the PR card.
const PROVINCE_RANGES: readonly (readonly [number, number])[] = [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
  [71, 71],
  [81, 83],
];
const DEFAULT_MIN_YEAR = 1800;
// Birth dates are calendar dates in China, so "today" is taken in UTC+8 (no DST since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const FULL_WIDTH_ZERO = 0xff10;

export type TIdNumberErrorCode = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK';

/** What each GB 11643 failure means to the person typing it; the web and the server both say it. */
export const ID_NUMBER_MESSAGES: Record<TIdNumberErrorCode, string> = {
  FORMAT: '身份证号应为 18 位（或 15 位旧号）',
  REGION: '身份证号前两位不是有效的省级代码',
  BIRTH_DATE: '身份证号中的出生日期无效',
  CHECK: '身份证号校验码不正确（GB 11643）',
};

export type TIdNumberResult =
  | { ok: true; value: string; sex: 'M' | 'F'; birthDate: string; legacy15: boolean }
  | { ok: false; code: TIdNumberErrorCode };

export interface TIdNumberOptions {
  /** Injected clock; birth dates after this day (China time) are rejected. */
  today?: Date;
  /** Earliest accepted birth year; the standard's own example was born 1880. */
  minYear?: number;
}

/**
 * Trims and maps full-width digits (０-９) to ASCII and x/ｘ/Ｘ to X, so values typed with a
 * Chinese IME validate and mask the same way as ASCII input.
 */
export function normalizeIdNumber(raw: string): string {
  let out = '';
  for (const ch of raw.trim()) {
    const code = ch.charCodeAt(0);
    if (code >= FULL_WIDTH_ZERO && code <= FULL_WIDTH_ZERO + 9) {
      out += String.fromCharCode(code - FULL_WIDTH_ZERO + 0x30);
    } else if (ch === 'x' || ch === 'ｘ' || ch === 'Ｘ') {
      out += 'X';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Check character for a 17-digit body; throws on anything else because that is a caller bug. */
export function idNumberCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) {
    throw new RangeError('idNumberCheckChar expects exactly 17 ASCII digits');
  }
  let sum = 0;
  for (let k = 0; k < 17; k += 1) {
    sum += Number(body17.charAt(k)) * (WEIGHTS[k] ?? 0);
  }
  return CHECK_MAP.charAt(sum % 11);
}

function isKnownProvince(value: string): boolean {
  const province = Number(value.slice(0, 2));
  return PROVINCE_RANGES.some(([low, high]) => province >= low && province <= high);
}

function formatChinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Returns YYYY-MM-DD if digits 7–14 form a real date within [minYear, today], else null. */
function readBirthDate(value: string, today: Date, minYear: number): string | null {
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02-30 over to 03-02, so a round trip exposes impossible dates.
  const isRealDate =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!isRealDate || year < minYear) {
    return null;
  }
  const iso = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  // ISO dates of equal width compare correctly as strings.
  return iso <= formatChinaDate(today) ? iso : null;
}

/**
 * Validates a 公民身份号码. A legacy 15-digit number is upgraded (insert 19, append the check),
 * so `value` is always the 18-character form.
 */
export function validateIdNumber(raw: string, opts: TIdNumberOptions = {}): TIdNumberResult {
  let value = normalizeIdNumber(raw);
  const legacy15 = /^\d{15}$/.test(value);
  if (legacy15) {
    const body = `${value.slice(0, 6)}19${value.slice(6)}`;
    value = body + idNumberCheckChar(body);
  } else if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, code: 'FORMAT' };
  }
  if (!isKnownProvince(value)) {
    return { ok: false, code: 'REGION' };
  }
  const birthDate = readBirthDate(
    value,
    opts.today ?? new Date(),
    opts.minYear ?? DEFAULT_MIN_YEAR,
  );
  if (birthDate === null) {
    return { ok: false, code: 'BIRTH_DATE' };
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, code: 'CHECK' };
  }
  // 17th digit (sequence code) is odd for men, even for women.
  const sex = Number(value.charAt(16)) % 2 === 1 ? 'M' : 'F';
  return { ok: true, value, sex, birthDate, legacy15 };
}

/** Convenience predicate for schema refinements. */
export function isValidIdNumber(raw: string, opts?: TIdNumberOptions): boolean {
  return validateIdNumber(raw, opts).ok;
}
