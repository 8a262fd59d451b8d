import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  hasValidOrgCode,
  normalizeUscc,
  orgCodeCheckChar,
  usccCheckChar,
  validateUscc,
} from './uscc.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const symbol = fc.constantFrom(...Array.from(CHARSET));
const digit = fc.constantFrom(...Array.from('0123456789'));

/** Bodies with GB 32100 symbols at 1–2 and 9–17 and a numeric division code at 3–8. */
const validBody = fc
  .tuple(
    fc.array(symbol, { minLength: 2, maxLength: 2 }),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(symbol, { minLength: 9, maxLength: 9 }),
  )
  .map(([head, division, subject]) => [...head, ...division, ...subject].join(''));
const validCode = validBody.map((body) => body + usccCheckChar(body));

describe('GB 32100-2015 verified vectors (SECURITY.md §4.3)', () => {
  it("accepts the standard's worked example 91350100M000100Y43 (Σ = 1640, mod 31 = 28 → 3)", () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(validateUscc('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('rejects 91350100M000100Y4Z because Z is not a GB 32100 symbol', () => {
    expect(validateUscc('91350100M000100Y4Z')).toEqual({ ok: false, code: 'FORMAT' });
  });

  it('maps Σ mod 31 = 0 to check 0, not 31 (edge body 91110100000000004)', () => {
    expect(usccCheckChar('91110100000000004')).toBe('0');
    expect(validateUscc('911101000000000040').ok).toBe(true);
  });

  it('rejects a wrong check character with CHECK', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, code: 'CHECK' });
  });
});

describe('GB 11714 organisation code inside the USCC (warn-only)', () => {
  it('computes check 4 for M000100Y (A=10 … Z=35, weights 3 7 9 10 5 8 4 2)', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(hasValidOrgCode('91350100M000100Y43')).toBe(true);
  });

  it('reports a broken organisation code without failing validateUscc', () => {
    const body = '91350100M000100Y5';
    expect(hasValidOrgCode(body + usccCheckChar(body))).toBe(false);
    expect(validateUscc(body + usccCheckChar(body)).ok).toBe(true);
  });
});

describe('GB 32100 normalisation and shape (SECURITY.md D1)', () => {
  it('accepts lower case, full-width and surrounding spaces', () => {
    expect(normalizeUscc(' ９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43');
    expect(validateUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it.each([
    '',
    '91350100M000100Y4',
    '91350100M000100Y433',
    '9135010AM000100Y43',
    '91350100I000100Y43',
  ])('rejects %j with FORMAT', (raw) => {
    expect(validateUscc(raw)).toEqual({ ok: false, code: 'FORMAT' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('never accepts the excluded letter %s anywhere', (letter) => {
    fc.assert(
      fc.property(validCode, fc.constantFrom(0, 1, 8, 12, 16, 17), (code, index) => {
        const changed = code.slice(0, index) + letter + code.slice(index + 1);
        expect(validateUscc(changed)).toEqual({ ok: false, code: 'FORMAT' });
      }),
      { numRuns: 20 },
    );
  });

  it('usccCheckChar refuses a malformed body', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => usccCheckChar('9135A100M000100Y4')).toThrow(RangeError);
  });
});

describe('GB 32100 MOD 31 properties (fast-check, SECURITY.md §4.3)', () => {
  it('accepts every valid body followed by its computed check character', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        expect(validateUscc(body + usccCheckChar(body)).ok).toBe(true);
      }),
    );
  });

  it('satisfies Σ value·3^k + value(check) ≡ 0 (mod 31) for every body', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const sum = Array.from(body).reduce(
          (acc, ch, k) => acc + CHARSET.indexOf(ch) * (3 ** k % 31),
          0,
        );
        expect((sum + CHARSET.indexOf(usccCheckChar(body))) % 31).toBe(0);
      }),
    );
  });

  it('rejects any single-character change of a valid code', () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 17 }), symbol, (code, index, replacement) => {
        fc.pre(code.charAt(index) !== replacement);
        const changed = code.slice(0, index) + replacement + code.slice(index + 1);
        expect(validateUscc(changed).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects any swap of two adjacent distinct characters of a valid code', () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 16 }), (code, index) => {
        fc.pre(code.charAt(index) !== code.charAt(index + 1));
        const swapped =
          code.slice(0, index) +
          code.charAt(index + 1) +
          code.charAt(index) +
          code.slice(index + 2);
        expect(validateUscc(swapped).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
