import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, COMMON_PASSWORD_WORDS } from './common-passwords.ts';

describe('SECURITY.md §2 top-3,000 blocklist', () => {
  it('holds at least 3,000 distinct entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(3000);
  });

  it('stores lower-case entries of at least 6 characters so lookups can be case-insensitive', () => {
    for (const entry of COMMON_PASSWORDS) {
      expect(entry).toBe(entry.toLowerCase());
      expect(entry.length).toBeGreaterThanOrEqual(6);
    }
  });

  it.each([
    ['digit runs and repeats', ['123456', '12345678', '1234567890', '88888888', '987654321']],
    ['doubled and mirrored digits', ['123123', '12341234', '11223344', '12344321', '121212']],
    ['keyboard walks', ['qwertyuiop', '1qaz2wsx', 'qazwsxedc', '1q2w3e4r5t', '147258369']],
    ['520 / 1314 love numbers', ['5201314', '1314520', 'woaini1314', '5211314', '7758521']],
    ['pinyin words and names + digits', ['woaini520', 'zhangwei123', 'baobei1314', 'laopo520']],
    ['admin and password variants', ['admin123', 'admin@123', 'p@ssw0rd', 'password1', 'root123']],
    ['published leak favourites', ['dearbook', 'xiazhili', 'aptx4869', 'iloveyou', 'sunshine']],
  ])('contains %s', (_family, samples) => {
    for (const sample of samples) {
      expect(COMMON_PASSWORDS.has(sample)).toBe(true);
    }
  });

  it('contains every 6–10 digit repeat of one digit', () => {
    for (let length = 6; length <= 10; length += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        expect(COMMON_PASSWORDS.has(String(digit).repeat(length))).toBe(true);
      }
    }
  });

  it('exposes the base words used by the word + digits pattern check', () => {
    for (const word of ['woaini', 'password', 'zhangwei', 'qwerty', 'iloveyou']) {
      expect(COMMON_PASSWORD_WORDS.has(word)).toBe(true);
    }
  });
});
