import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import {
  PASSWORD_ISSUE_MESSAGES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_PROFILES,
  checkPassword,
  isPasswordExpired,
  passwordExpiresAt,
} from './password-policy.ts';
import type { TPasswordProfileName } from './password-policy.ts';

const PROFILES: TPasswordProfileName[] = ['dengbao', 'asvs'];
const DAY_MS = 24 * 60 * 60 * 1000;

// Random-looking passwords with all four classes and no word + digits structure.
const STRONG = ['Xk7#mP2$qL9w', 'v8*Rt!Mz3Qe', 'Gq4;uT7&bN2x', 'pZ9}eW3#kD6!', 'H7r$Lk2@Wq9m'];

// SECURITY.md A2 names these; the rest are typical 等保 / 12306-era leaks.
const KNOWN_WEAK = [
  '123456',
  '12345678',
  'woaini1314',
  'Aa123456!',
  'zhangwei19900101',
  'qwerty123',
  '1qaz2wsx',
  'P@ssw0rd',
  'Admin@123',
  'admin123456',
  'Woaini520!',
  '5201314520',
  '1qaz@WSX',
  'Qwer1234!',
  'a123456789',
  'iloveyou1314',
  'Zhang@1990',
  'Liuyang0520',
  'Wangfang1988!',
  '19900101',
  '1314woaini',
  'woaizhongguo1949',
  'Password123!',
  'Abc@123456',
  'qwe!@#123',
  'Huawei@123',
  'xiaoming2012',
  'Tianya123!',
  'Beijing2008',
  '88888888a',
  'aaaaaaaa',
  'Abcd1234',
  'zxcvbnm123',
  'woaini@520',
  'Chenjie123456',
  'Fengqiao@2024',
];

function issuesOf(password: string, profile: TPasswordProfileName, username = 'zhangsan01') {
  return checkPassword(password, { username, profile });
}

describe('SECURITY.md §2 password profiles', () => {
  it('defines the 等保 profile (GB/T 22239 8.1.4.1a): 8 chars, 3 of 4 classes, 90-day expiry', () => {
    expect(PASSWORD_PROFILES.dengbao).toEqual({ minLength: 8, minClasses: 3, expiryDays: 90 });
  });

  it('defines the ASVS profile (6.2.1/6.2.5/6.2.10): 8 chars, no composition, no expiry', () => {
    expect(PASSWORD_PROFILES.asvs).toEqual({ minLength: 8, minClasses: 0, expiryDays: null });
  });

  it('defaults to the 等保 profile', () => {
    expect(checkPassword('abcdefgh')).toContain('password.classes');
  });

  it('has a Chinese message for every issue code', () => {
    for (const message of Object.values(PASSWORD_ISSUE_MESSAGES)) {
      expect(message).toMatch(/密码/);
    }
  });
});

describe.each(PROFILES)('SECURITY.md A2 rules, profile %s', (profile) => {
  it('accepts random-looking passwords that break no rule', () => {
    for (const password of STRONG) {
      expect(issuesOf(password, profile)).toEqual([]);
    }
  });

  it('reports password.too_short for anything under 8 characters, empty included (A1)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 7, unit: 'grapheme-ascii' }), (password) => {
        expect(issuesOf(password, profile)).toContain('password.too_short');
      }),
    );
    expect(issuesOf('Xk7#mP2', profile)).toEqual(['password.too_short']);
  });

  it('accepts 64- and 128-character passwords (ASVS 6.2.9) and reports password.too_long beyond', () => {
    const long = `${STRONG.join('')}Yb5%Tq8&`.slice(0, 64);
    expect(long).toHaveLength(64);
    expect(issuesOf(long, profile)).toEqual([]);
    expect(issuesOf(long + long, profile)).toEqual([]);
    expect(issuesOf(`${long + long}x`, profile)).toEqual(['password.too_long']);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('counts length in code points, so eight CJK characters are long enough', () => {
    expect(issuesOf('枫桥经验矛盾不上交', profile)).not.toContain('password.too_short');
  });

  it('reports password.contains_username when the login ID appears in any case', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9]{2,11}$/),
        fc.constantFrom('Xk7#', 'v8*R', ''),
        fc.constantFrom('$qL9w', '!Mz3Qe'),
        (username, prefix, suffix) => {
          const password = prefix + username.toUpperCase() + suffix;
          expect(checkPassword(password, { username, profile })).toContain(
            'password.contains_username',
          );
        },
      ),
    );
  });

  it('ignores one- and two-character usernames, which would forbid nearly every password', () => {
    expect(checkPassword('Xk7#mP2$qL9w', { username: 'k7', profile })).toEqual([]);
  });

  it.each(KNOWN_WEAK)('reports password.common for %s', (password) => {
    expect(issuesOf(password, profile)).toContain('password.common');
  });

  it('reports password.common for a sample of the built-in blocklist in any letter case', () => {
    const entries = [...COMMON_PASSWORDS];
    fc.assert(
      fc.property(fc.constantFrom(...entries), fc.boolean(), (entry, upper) => {
        const password = upper ? entry.toUpperCase() : entry;
        expect(issuesOf(password, profile)).toContain('password.common');
      }),
      { numRuns: 1000 },
    );
  });

  it('reports password.common for pinyin name + birthday (YYYYMMDD, YYMMDD, MMDD, YYYY)', () => {
    const name = fc.constantFrom('zhangwei', 'WangFang', 'liuyang', 'chenjing', 'HuangLei');
    const birthday = fc
      .date({ min: new Date('1950-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
      .chain((date) => {
        const iso = date.toISOString().slice(0, 10).replaceAll('-', '');
        return fc.constantFrom(iso, iso.slice(2), iso.slice(4), iso.slice(0, 4));
      });
    const separator = fc.constantFrom('', '@', '.', '_');
    fc.assert(
      fc.property(name, separator, birthday, (word, sep, digits) => {
        expect(issuesOf(word + sep + digits, profile)).toContain('password.common');
      }),
    );
  });

  it('reports password.common for a deployment blocklist entry (local breached list, §2)', () => {
    const blocklist = new Set(['fengqiao#zhuji']);
    expect(checkPassword('FengQiao#Zhuji', { profile, blocklist })).toContain('password.common');
  });
});

describe('SECURITY.md §2 differences between the profiles', () => {
  it('reports password.classes only under 等保 when fewer than 3 classes are used', () => {
    for (const password of [
      'xkqmvtrplwzb',
      'XKQMVTRPLWZB',
      'xkqmvtrp7395',
      'correct horse battery',
    ]) {
      expect(issuesOf(password, 'dengbao')).toEqual(['password.classes']);
      expect(issuesOf(password, 'asvs')).toEqual([]);
    }
  });

  it('counts classes upper, lower, digit and symbol (any other character is a symbol)', () => {
    expect(issuesOf('xkqmvtrp739!', 'dengbao')).toEqual([]);
    expect(issuesOf('XKQMVTRP739枫', 'dengbao')).toEqual([]);
    expect(issuesOf('xkqmVTRPlwzb', 'dengbao')).toEqual(['password.classes']);
  });

  it('lists every broken rule, each with its own code', () => {
    expect(checkPassword('admin', { username: 'admin', profile: 'dengbao' })).toEqual([
      'password.too_short',
      'password.classes',
      'password.contains_username',
      'password.common',
    ]);
  });
});

describe('SECURITY.md A2 password expiry', () => {
  const changedAt = new Date('2025-01-01T00:00:00Z');
  const after = (days: number): Date => new Date(changedAt.getTime() + days * DAY_MS);

  it('expires 等保 passwords after 90 days (clock +91 d → expired)', () => {
    expect(isPasswordExpired(changedAt, after(89), 'dengbao')).toBe(false);
    expect(isPasswordExpired(changedAt, after(90), 'dengbao')).toBe(true);
    expect(isPasswordExpired(changedAt, after(91), 'dengbao')).toBe(true);
    expect(passwordExpiresAt(changedAt, 'dengbao')).toEqual(after(90));
  });

  it('never expires ASVS passwords (ASVS 6.2.10 forbids forced rotation)', () => {
    expect(isPasswordExpired(changedAt, after(3650), 'asvs')).toBe(false);
    expect(passwordExpiresAt(changedAt, 'asvs')).toBeNull();
  });

  it('defaults to the 等保 rotation period', () => {
    expect(isPasswordExpired(changedAt, after(91))).toBe(true);
  });
});
