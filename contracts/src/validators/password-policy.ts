// Password policy per SECURITY.md §2 / A2: a 等保 profile (GB/T 22239-2019 8.1.4.1a "复杂度要求并
// 定期更换", the default) and an ASVS 5.0 profile (6.2.1 length, no composition, no rotation).
import { COMMON_PASSWORD_WORDS, COMMON_PASSWORDS } from './common-passwords.ts';

export type TPasswordProfileName = 'dengbao' | 'asvs';

export interface TPasswordProfile {
  minLength: number;
  /** How many of upper / lower / digit / symbol must appear; 0 disables composition rules. */
  minClasses: number;
  /** Forced rotation period; null means passwords never expire (ASVS 6.2.10). */
  expiryDays: number | null;
}

export const PASSWORD_PROFILES = {
  dengbao: { minLength: 8, minClasses: 3, expiryDays: 90 },
  asvs: { minLength: 8, minClasses: 0, expiryDays: null },
} as const satisfies Record<TPasswordProfileName, TPasswordProfile>;

export const DEFAULT_PASSWORD_PROFILE: TPasswordProfileName = 'dengbao';

// ASVS 6.2.9 requires at least 64 characters to be accepted; beyond 128 only hashing cost grows.
export const PASSWORD_MAX_LENGTH = 128;

export type TPasswordIssue =
  | 'password.too_short'
  | 'password.too_long'
  | 'password.classes'
  | 'password.contains_username'
  | 'password.common';

export const PASSWORD_ISSUE_MESSAGES = {
  'password.too_short': '密码长度不足 8 位',
  'password.too_long': '密码长度不能超过 128 位',
  'password.classes': '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  'password.contains_username': '密码不能包含用户名',
  'password.common': '密码过于常见或容易被猜到，请换一个',
} as const satisfies Record<TPasswordIssue, string>;

export interface TPasswordCheckOptions {
  username?: string;
  profile?: TPasswordProfileName;
  /** Extra lower-case entries, e.g. the deployment's local breached-password list (§2). */
  blocklist?: ReadonlySet<string>;
}

// A one- or two-letter login would forbid most passwords without making any of them stronger.
const MIN_USERNAME_LENGTH_TO_CHECK = 3;
const MAX_PINYIN_SYLLABLES = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

// Standard 汉语拼音 syllables by initial (ü written v); used to spot pinyin names and phrases.
const PINYIN_TABLE = `
  _:a ai an ang ao e ei en eng er o ou
  b:a ai an ang ao ei en eng i ian iao ie in ing o u
  p:a ai an ang ao ei en eng i ian iao ie in ing o ou u
  m:a ai an ang ao e ei en eng i ian iao ie in ing iu o ou u
  f:a an ang ei en eng o ou u
  d:a ai an ang ao e ei en eng i ian iao ie ing iu ong ou u uan ui un uo
  t:a ai an ang ao e eng i ian iao ie ing ong ou u uan ui un uo
  n:a ai an ang ao e ei en eng i ian iang iao ie in ing iu ong ou u uan uo v ve
  l:a ai an ang ao e ei eng i ia ian iang iao ie in ing iu o ong ou u uan un uo v ve
  g:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
  k:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
  h:a ai an ang ao e ei en eng ong ou u ua uai uan uang ui un uo
  j:i ia ian iang iao ie in ing iong iu u uan ue un
  q:i ia ian iang iao ie in ing iong iu u uan ue un
  x:i ia ian iang iao ie in ing iong iu u uan ue un
  zh:a ai an ang ao e ei en eng i ong ou u ua uai uan uang ui un uo
  ch:a ai an ang ao e en eng i ong ou u ua uai uan uang ui un uo
  sh:a ai an ang ao e ei en eng i ou u ua uai uan uang ui un uo
  r:an ang ao e en eng i ong ou u ua uan ui un uo
  z:a ai an ang ao e ei en eng i ong ou u uan ui un uo
  c:a ai an ang ao e en eng i ong ou u uan ui un uo
  s:a ai an ang ao e en eng i ong ou u uan ui un uo
  y:a an ang ao e i in ing o ong ou u uan ue un
  w:a ai an ang ei en eng o u
`;

function buildPinyinSyllables(): ReadonlySet<string> {
  const syllables = new Set<string>();
  for (const line of PINYIN_TABLE.trim().split('\n')) {
    const [initial = '', finals = ''] = line.trim().split(':');
    for (const final of finals.split(' ')) {
      syllables.add((initial === '_' ? '' : initial) + final);
    }
  }
  return syllables;
}

const PINYIN_SYLLABLES = buildPinyinSyllables();
const LONGEST_SYLLABLE = 6; // zhuang, chuang, shuang

// Substitutions people use to pass composition rules (P@ssw0rd); undone before matching.
const LEET: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
};

const LETTER_RUNS = ['abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_RUNS = ['01234567890123', '98765432109876'];
// 520 我爱你, 1314 一生一世, 7758 亲亲我吧, 3344 生生世世, 168 一路发 …: favourite number words.
const LUCKY_DIGITS = /^(?:520|521|1314|7758|3344|584|9420|888|666|168|518|110|119|120|886)+$/;

// Allow "zhangwei@1990" / "1990@zhangwei": up to two symbols between the word and the digits.
const DIGITS_AFTER_WORD = /^(?:[^a-z0-9]{0,2}(\d+))?$/;
const DIGITS_BEFORE_WORD = /^(?:(\d+)[^a-z0-9]{0,2})?$/;

function countCharacterClasses(password: string): number {
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{Lu}\p{Ll}\p{Nd}]/u];
  return classes.filter((pattern) => pattern.test(password)).length;
}

function containsUsername(password: string, username: string | undefined): boolean {
  const name = (username ?? '').normalize('NFKC').trim().toLowerCase();
  if (Array.from(name).length < MIN_USERNAME_LENGTH_TO_CHECK) {
    return false;
  }
  return password.normalize('NFKC').toLowerCase().includes(name);
}

/** Minimal number of pinyin syllables spelling `word`, or Infinity if it is not pinyin. */
function countPinyinSyllables(word: string): number {
  // best[i] = fewest syllables spelling word.slice(0, i).
  const best: number[] = [0];
  for (let end = 1; end <= word.length; end += 1) {
    let fewest = Number.POSITIVE_INFINITY;
    for (let size = 1; size <= Math.min(LONGEST_SYLLABLE, end); size += 1) {
      const before = best[end - size] ?? Number.POSITIVE_INFINITY;
      if (before + 1 < fewest && PINYIN_SYLLABLES.has(word.slice(end - size, end))) {
        fewest = before + 1;
      }
    }
    best.push(fewest);
  }
  return best[word.length] ?? Number.POSITIVE_INFINITY;
}

function isRepeatedUnit(text: string): boolean {
  return /^(.{1,4})\1+$/su.test(text);
}

function isRunOf(text: string, runs: readonly string[]): boolean {
  const reversed = Array.from(text).reverse().join('');
  return runs.some((run) => run.includes(text) || run.includes(reversed));
}

function isWeakWord(word: string): boolean {
  return (
    word.length <= 3 ||
    COMMON_PASSWORD_WORDS.has(word) ||
    isRepeatedUnit(word) ||
    isRunOf(word, LETTER_RUNS) ||
    countPinyinSyllables(word) <= MAX_PINYIN_SYLLABLES
  );
}

function isMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Years, YYYYMMDD / YYMMDD / MMDD / YYYYMM and Western MMDDYYYY or DDMMYYYY birthdays. */
function isDateLike(digits: string): boolean {
  const n = (from: number, to: number): number => Number(digits.slice(from, to));
  const isYear = (year: number): boolean => year >= 1900 && year <= 2099;
  switch (digits.length) {
    case 4:
      return isYear(n(0, 4)) || isMonthDay(n(0, 2), n(2, 4));
    case 6:
      return isMonthDay(n(2, 4), n(4, 6)) || (isYear(n(0, 4)) && isMonthDay(n(4, 6), 1));
    case 8:
      return (
        (isYear(n(0, 4)) && isMonthDay(n(4, 6), n(6, 8))) ||
        (isYear(n(4, 8)) && (isMonthDay(n(0, 2), n(2, 4)) || isMonthDay(n(2, 4), n(0, 2))))
      );
    default:
      return false;
  }
}

function isWeakDigitUnit(digits: string): boolean {
  return (
    digits.length >= 3 &&
    (isRepeatedUnit(digits) ||
      isRunOf(digits, DIGIT_RUNS) ||
      LUCKY_DIGITS.test(digits) ||
      isDateLike(digits))
  );
}

/** Digits a guesser tries first: ≤ 3 digits, or one or two runs, repeats, dates, lucky numbers. */
function isWeakDigits(digits: string): boolean {
  if (digits.length <= 3 || isWeakDigitUnit(digits)) {
    return true;
  }
  for (let cut = 3; cut <= digits.length - 3; cut += 1) {
    if (isWeakDigitUnit(digits.slice(0, cut)) && isWeakDigitUnit(digits.slice(cut))) {
      return true;
    }
  }
  return false;
}

// Only typical decorations are peeled off ("Aa123456!", "!@#abc123"): one repeated symbol or a
// run of the shifted digit row. Random symbols ("%$%h!@3$!$") are entropy and stay.
function stripEdgeSymbols(text: string): string {
  const isDecoration = (symbols: string): boolean =>
    /^(.)\1*$/su.test(symbols) || isRunOf(symbols, ['!@#$%^&*()']);
  return text
    .replace(/^[^\p{L}\p{N}]{1,3}(?=[\p{L}\p{N}])/u, (m) => (isDecoration(m) ? '' : m))
    .replace(/(?<=[\p{L}\p{N}])[^\p{L}\p{N}]{1,3}$/u, (m) => (isDecoration(m) ? '' : m));
}

function unleet(text: string): string {
  return Array.from(text)
    .map((ch) => LEET[ch] ?? ch)
    .join('');
}

function isWeakWordPart(part: string): boolean {
  if (/^[a-z]*$/.test(part)) {
    return isWeakWord(part);
  }
  // Leet characters count as letters only inside a real word (P@ssw0rd), never as the short
  // "≤ 3 letters" case: otherwise random symbols such as "$$x" would pass for a word.
  // Pinyin segmentation is skipped too: leet vowels make random strings look like pinyin.
  const word = unleet(part);
  return (
    /[a-z]/.test(part) &&
    /^[a-z]{4,}$/.test(word) &&
    (COMMON_PASSWORD_WORDS.has(word) || isRepeatedUnit(word) || isRunOf(word, LETTER_RUNS))
  );
}

function isWeakDigitPart(part: string, side: 'head' | 'tail'): boolean {
  const match = (side === 'tail' ? DIGITS_AFTER_WORD : DIGITS_BEFORE_WORD).exec(part);
  return match !== null && isWeakDigits(match[1] ?? '');
}

/** Word + birthday patterns: woaini1314, zhangwei19900101, Aa123456!, 1314woaini, P@ssw0rd. */
function isPredictable(lower: string): boolean {
  const core = stripEdgeSymbols(lower);
  if (core.length === 0 || isRepeatedUnit(lower)) {
    return true;
  }
  for (let cut = 0; cut <= core.length; cut += 1) {
    const head = core.slice(0, cut);
    const tail = core.slice(cut);
    if (isWeakWordPart(head) && isWeakDigitPart(tail, 'tail')) {
      return true;
    }
    if (isWeakDigitPart(head, 'head') && isWeakWordPart(tail)) {
      return true;
    }
  }
  return false;
}

function isCommonPassword(password: string, extra: ReadonlySet<string> | undefined): boolean {
  const lower = password.normalize('NFKC').toLowerCase();
  const core = stripEdgeSymbols(lower);
  const candidates = [lower, core, unleet(lower), unleet(core)];
  const isListed = candidates.some(
    (candidate) => COMMON_PASSWORDS.has(candidate) || extra?.has(candidate) === true,
  );
  return isListed || isPredictable(lower);
}

/** Returns every broken rule as its own stable code (SECURITY.md A2); empty means acceptable. */
export function checkPassword(
  password: string,
  opts: TPasswordCheckOptions = {},
): TPasswordIssue[] {
  const profile: TPasswordProfile = PASSWORD_PROFILES[opts.profile ?? DEFAULT_PASSWORD_PROFILE];
  // Lengths count code points, so a CJK or emoji character counts once (ASVS 6.2.1).
  const length = Array.from(password).length;
  const issues: TPasswordIssue[] = [];
  if (length < profile.minLength) {
    issues.push('password.too_short');
  }
  if (length > PASSWORD_MAX_LENGTH) {
    issues.push('password.too_long');
  }
  if (countCharacterClasses(password) < profile.minClasses) {
    issues.push('password.classes');
  }
  // §2 keeps the username rule in both profiles; ASVS 6.2.11 asks for context-specific words too.
  if (containsUsername(password, opts.username)) {
    issues.push('password.contains_username');
  }
  // Over-long input is already rejected; skipping the pattern scan bounds the work per request.
  if (length <= PASSWORD_MAX_LENGTH && isCommonPassword(password, opts.blocklist)) {
    issues.push('password.common');
  }
  return issues;
}

/** When a password changed at `changedAt` must be replaced, or null if the profile never expires. */
export function passwordExpiresAt(
  changedAt: Date,
  profile: TPasswordProfileName = DEFAULT_PASSWORD_PROFILE,
): Date | null {
  const { expiryDays }: TPasswordProfile = PASSWORD_PROFILES[profile];
  return expiryDays === null ? null : new Date(changedAt.getTime() + expiryDays * DAY_MS);
}

/** True once the profile's rotation period has fully elapsed (等保 profile: 90 days). */
export function isPasswordExpired(
  changedAt: Date,
  now: Date,
  profile: TPasswordProfileName = DEFAULT_PASSWORD_PROFILE,
): boolean {
  const expiresAt = passwordExpiresAt(changedAt, profile);
  return expiresAt !== null && now.getTime() >= expiresAt.getTime();
}
