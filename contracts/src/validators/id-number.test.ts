import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar, normalizeIdNumber, validateIdNumber } from './id-number.ts';

const TODAY = new Date('2025-06-01T00:00:00Z');
const opts = { today: TODAY };

const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];
const CHECK_CHARS = '0123456789X';

/** 17-digit bodies with a real province, a real birth date up to 2020 and any sequence code. */
const validBody = fc
  .tuple(
    fc.constantFrom(...Array.from(PROVINCES)),
    fc.integer({ min: 0, max: 9999 }),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2020-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([province, county, birth, sequence]) => {
    const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
    return `${province}${String(county).padStart(4, '0')}${date}${String(sequence).padStart(3, '0')}`;
  });
const validId = validBody.map((body) => body + idNumberCheckChar(body));

function swapAt(text: string, index: number): string {
  return text.slice(0, index) + text.charAt(index + 1) + text.charAt(index) + text.slice(index + 2);
}

describe('GB 11643-1999 verified vectors (SECURITY.md §4.3)', () => {
  it.each([
    ['11010519491231002X', 'F', '1949-12-31'],
    ['440524188001010014', 'M', '1880-01-01'],
    ['34052419800101001X', 'M', '1980-01-01'],
    ['370101190102039973', 'M', '1901-02-03'],
    ['110101199003070011', 'M', '1990-03-07'],
  ])('accepts the verified ID %s with sex and birth date', (id, sex, birthDate) => {
    expect(validateIdNumber(id, opts)).toEqual({
      ok: true,
      value: id,
      sex,
      birthDate,
      legacy15: false,
    });
  });

  it('rejects 110101199003071234 with CHECK because the MOD 11-2 check must be 3', () => {
    expect(validateIdNumber('110101199003071234', opts)).toEqual({ ok: false, code: 'CHECK' });
    expect(idNumberCheckChar('11010119900307123')).toBe('3');
  });

  it('maps Σ mod 11 = 2 to X and = 0 to 1 (check table 10X98765432)', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });
});

describe('GB 11643 normalisation of IME input', () => {
  it('accepts full-width digits and ｘ/Ｘ/x as the check character X', () => {
    for (const raw of [
      '１１０１０５１９４９１２３１００２ｘ',
      '１１０１０５１９４９１２３１００２Ｘ',
      ' 11010519491231002x ',
    ]) {
      const result = validateIdNumber(raw, opts);
      expect(result).toMatchObject({ ok: true, value: '11010519491231002X' });
    }
  });

  it('normalizeIdNumber keeps other characters so they fail FORMAT', () => {
    expect(normalizeIdNumber('１１０-x')).toBe('110-X');
    expect(validateIdNumber('110105-19491231-002X', opts)).toEqual({ ok: false, code: 'FORMAT' });
  });
});

describe('GB 11643 legacy 15-digit numbers', () => {
  it('upgrades a 15-digit number by inserting 19 and appending the check', () => {
    expect(validateIdNumber('110105491231002', opts)).toEqual({
      ok: true,
      value: '11010519491231002X',
      sex: 'F',
      birthDate: '1949-12-31',
      legacy15: true,
    });
  });

  it('still checks region and birth date of a 15-digit number', () => {
    expect(validateIdNumber('990105491231002', opts)).toEqual({ ok: false, code: 'REGION' });
    expect(validateIdNumber('110105490230002', opts)).toEqual({ ok: false, code: 'BIRTH_DATE' });
  });
});

describe('GB 11643 rejection codes (SECURITY.md D1)', () => {
  it.each([
    '',
    '1234',
    '11010519491231002',
    '1101051949123100211',
    '11010519491231002Y',
    'X10105194912310021',
  ])('rejects %j with FORMAT', (raw) => {
    expect(validateIdNumber(raw, opts)).toEqual({ ok: false, code: 'FORMAT' });
  });

  it.each(['00', '10', '16', '20', '47', '66', '72', '80', '90', '91', '99'])(
    'rejects province %s (not in GB/T 2260 PROV, incl. PR-card 9x) with REGION',
    (province) => {
      const body = `${province}010519800101001`;
      expect(validateIdNumber(body + idNumberCheckChar(body), opts)).toEqual({
        ok: false,
        code: 'REGION',
      });
    },
  );

  it.each(['19900230', '19901301', '19900001', '19900100', '21000101', '17991231'])(
    'rejects impossible, future or pre-1800 birth date %s with BIRTH_DATE',
    (date) => {
      const body = `110101${date}001`;
      expect(validateIdNumber(body + idNumberCheckChar(body), opts)).toEqual({
        ok: false,
        code: 'BIRTH_DATE',
      });
    },
  );

  it('accepts 29 February only in leap years', () => {
    const leap = '11010120000229001';
    const common = '11010119000229001';
    expect(validateIdNumber(leap + idNumberCheckChar(leap), opts).ok).toBe(true);
    expect(validateIdNumber(common + idNumberCheckChar(common), opts)).toEqual({
      ok: false,
      code: 'BIRTH_DATE',
    });
  });

  it('honours a configurable minYear (the standard example born 1880 fails with 1900)', () => {
    expect(validateIdNumber('440524188001010014', { today: TODAY, minYear: 1900 })).toEqual({
      ok: false,
      code: 'BIRTH_DATE',
    });
  });

  it('accepts a birth today and rejects tomorrow, using the injected clock in China time', () => {
    // 2024-04-30T18:00Z is already 2024-05-01 in Beijing.
    const today = new Date('2024-04-30T18:00:00Z');
    const born = '11010120240501002';
    const tomorrow = '11010120240502002';
    expect(validateIdNumber(born + idNumberCheckChar(born), { today }).ok).toBe(true);
    expect(validateIdNumber(tomorrow + idNumberCheckChar(tomorrow), { today })).toEqual({
      ok: false,
      code: 'BIRTH_DATE',
    });
  });

  it('derives sex from the parity of the 17th digit (odd = male)', () => {
    const male = '11010119900307001';
    const female = '11010119900307002';
    expect(validateIdNumber(male + idNumberCheckChar(male), opts)).toMatchObject({ sex: 'M' });
    expect(validateIdNumber(female + idNumberCheckChar(female), opts)).toMatchObject({ sex: 'F' });
  });

  it('idNumberCheckChar refuses a body that is not 17 ASCII digits', () => {
    expect(() => idNumberCheckChar('1101011990030700')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101011990030700X')).toThrow(RangeError);
  });
});

describe('GB 11643 MOD 11-2 properties (fast-check, SECURITY.md §4.3)', () => {
  it('accepts every valid body followed by its computed check character', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const result = validateIdNumber(body + idNumberCheckChar(body), opts);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.sex).toBe(Number(body.charAt(16)) % 2 === 1 ? 'M' : 'F');
        }
      }),
    );
  });

  it('satisfies Σ a_k·W_k + value(check) ≡ 1 (mod 11) for every body', () => {
    const weights = Array.from({ length: 17 }, (_, k) => 2 ** (17 - k) % 11);
    fc.assert(
      fc.property(validBody, (body) => {
        const sum = Array.from(body).reduce(
          (acc, ch, k) => acc + Number(ch) * (weights[k] ?? 0),
          0,
        );
        const check = idNumberCheckChar(body);
        expect((sum + (check === 'X' ? 10 : Number(check))) % 11).toBe(1);
      }),
    );
  });

  it('rejects any single-character change of a valid ID', () => {
    const mutation = fc.tuple(
      validId,
      fc.nat({ max: 17 }),
      fc.constantFrom(...Array.from(CHECK_CHARS)),
    );
    fc.assert(
      fc.property(mutation, ([id, index, replacement]) => {
        fc.pre(id.charAt(index) !== replacement);
        const changed = id.slice(0, index) + replacement + id.slice(index + 1);
        expect(validateIdNumber(changed, opts).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects any swap of two adjacent distinct characters of a valid ID', () => {
    fc.assert(
      fc.property(validId, fc.nat({ max: 16 }), (id, index) => {
        fc.pre(id.charAt(index) !== id.charAt(index + 1));
        expect(validateIdNumber(swapAt(id, index), opts).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input and returns one of the four codes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (raw) => {
        const result = validateIdNumber(raw, opts);
        if (!result.ok) {
          expect(['FORMAT', 'REGION', 'BIRTH_DATE', 'CHECK']).toContain(result.code);
        }
      }),
    );
  });
});
