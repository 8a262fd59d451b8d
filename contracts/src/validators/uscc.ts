// 统一社会信用代码 per GB 32100-2015 (MOD 31 check), as specified in SECURITY.md §4.2.

// 31 symbols, value = index; I O Z S V are excluded to avoid confusion with 1 0 2 5 U.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// WU[k] = 3^k mod 31 for k = 0..16; the check character carries weight 1.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
// Pos 1 登记管理部门码, 2 机构类别码, 3–8 division code (digits), 9–17 主体标识码, 18 check.
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const BODY_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/;
// GB 11714 组织机构代码 weights for its 8-character body.
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const FULL_WIDTH_OFFSET = 0xfee0;

export type TUsccErrorCode = 'FORMAT' | 'CHECK';

export type TUsccResult = { ok: true; value: string } | { ok: false; code: TUsccErrorCode };

/** Trims, maps full-width ASCII (Ａ, ０ …) to ASCII and upper-cases, keeping other characters. */
export function normalizeUscc(raw: string): string {
  let out = '';
  for (const ch of raw.trim()) {
    const code = ch.charCodeAt(0);
    const ascii =
      code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - FULL_WIDTH_OFFSET) : ch;
    out += ascii >= 'a' && ascii <= 'z' ? ascii.toUpperCase() : ascii;
  }
  return out;
}

/** Check character for a 17-character body; throws on a malformed body because that is a caller bug. */
export function usccCheckChar(body17: string): string {
  if (!BODY_SHAPE.test(body17)) {
    throw new RangeError('usccCheckChar expects a 17-character GB 32100 body');
  }
  let sum = 0;
  for (let k = 0; k < 17; k += 1) {
    sum += CHARSET.indexOf(body17.charAt(k)) * (WEIGHTS[k] ?? 0);
  }
  // (31 − Σ mod 31) mod 31; formulas using charCode − 55 or "11 minus" are wrong for USCC.
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

export function validateUscc(raw: string): TUsccResult {
  const value = normalizeUscc(raw);
  if (!SHAPE.test(value)) {
    return { ok: false, code: 'FORMAT' };
  }
  if (usccCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, code: 'CHECK' };
  }
  return { ok: true, value };
}

export function isValidUscc(raw: string): boolean {
  return validateUscc(raw).ok;
}

/**
 * GB 11714 check character of a 组织机构代码 body (8 chars, A=10 … Z=35). Only for warn-level
 * checks of USCC positions 9–17: codes issued after 2015 need not follow it.
 */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError('orgCodeCheckChar expects 8 characters 0-9/A-Z');
  }
  let sum = 0;
  for (let k = 0; k < 8; k += 1) {
    sum += Number.parseInt(body8.charAt(k), 36) * (ORG_CODE_WEIGHTS[k] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) {
    return 'X';
  }
  return check === 11 ? '0' : String(check);
}

/** Warn-only: whether USCC positions 9–17 carry a valid GB 11714 organisation code. */
export function hasValidOrgCode(uscc: string): boolean {
  const orgCode = normalizeUscc(uscc).slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(orgCode)) {
    return false;
  }
  return orgCodeCheckChar(orgCode.slice(0, 8)) === orgCode.charAt(8);
}
