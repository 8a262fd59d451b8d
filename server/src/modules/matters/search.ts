// Chinese full-text search over matters (DESIGN.md "Search"): jieba segments text in JavaScript,
// and the database only sees space-separated lexemes fed to the `simple` configuration, so the
// same SQL ranks alike on PGlite and PostgreSQL. pg_trgm cannot serve 2-character terms (低保).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { sql, type SqlFragment } from '../../core/db/sql.ts';

export type BlindIndex = (plain: string) => string;

/** Domain words jieba's general dictionary splits or misses (网格/员, 综治/中心, 占/道/经营). */
export const DOMAIN_WORDS: readonly string[] = [
  '网格 网格员 网格长 专职网格员 综治中心 综治 矛盾纠纷',
  '信访 信访人 信访件 上访 越级上访 重复信访 宅基地 征地拆迁',
  '土地承包 土地流转 欠薪 讨薪 拖欠工资 农民工 劳资纠纷 劳动争议',
  '工伤 物业费 物业纠纷 噪音 扰民 邻里纠纷 婚姻家庭纠纷 赡养',
  '抚养 调解 人民调解 调解员 司法确认 诉调对接 访调对接 12345',
  '接诉即办 社区矫正 刑满释放 安置帮教 低保 低保户 五保户 特困',
  '留守儿童 独居老人 精神障碍 井盖 占道经营 流动摊贩 违章建筑',
  '违建 私搭乱建 垃圾清运 乱堆乱放 高空抛物 群租房 飞线充电',
  '消防通道 电信诈骗 非法集资 医疗纠纷 校园欺凌 枫桥经验',
]
  .join(' ')
  .split(' ');

// Above most ordinary words, so the domain word wins in precise mode; search mode still emits
// its two-character parts, which keeps 矛盾 findable inside 矛盾纠纷.
const DOMAIN_WORD_FREQUENCY = 2000;
/** Longer runs are noise (pasted hashes, URLs) and tsquery rejects very long words. */
const MAX_LEXEME_CHARS = 60;
const MAX_QUERY_TERMS = 16;
const MAX_QUERY_LEXEMES = 32;
const MAX_SIMILARITY_WORDS = 48;
/** One-character function words dropped from queries (not from documents) unless alone. */
const QUERY_STOP_CHARS = new Set(
  '的了和与及或在是对把被因为从向等也都就而之于以其这那有个吗呢吧啊'.split(''),
);

const WORD_RUN = /[\p{L}\p{N}]+/gu;
/** ASCII chunks such as matter codes (FQ-20260302-0001) or 3-2-101, indexed also as one word. */
const CODE_CHUNK = /[a-z0-9]+(?:[-_./][a-z0-9]+)+/g;
const CODE_TERM = /^[a-z0-9]+(?:[-_./][a-z0-9]+)+$/;
const NAME_DOTS = /[·・•]/g;
const QUERY_TERM_SPLIT = /[^\p{L}\p{N}\-_./·・•]+/u;

let instance: Jieba | undefined;

/**
 * Built on first use: loading the 5 MB dictionary takes ~200 ms. Measured here afterwards:
 * search-mode cutting runs at ~4.5 M chars/s (0.06 ms for a 250-character description).
 */
function segmenter(): Jieba {
  if (instance === undefined) {
    const require = createRequire(import.meta.url);
    const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
    const custom = DOMAIN_WORDS.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY} n`).join('\n');
    jieba.loadDict(Buffer.from(custom, 'utf8'));
    instance = jieba;
  }
  return instance;
}

/** NFKC folds full-width letters and digits (ＡＢ１２) into the ASCII a user types elsewhere. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Letter/digit runs of a raw token. The database parser splits on everything else (and turns
 * `-0001` into a signed number), so lexemes made only of runs survive it unchanged.
 */
function runsOf(raw: string): string[] {
  return (raw.match(WORD_RUN) ?? []).filter((r) => r.length <= MAX_LEXEME_CHARS);
}

function compact(chunk: string): string {
  return chunk.replace(/[^\p{L}\p{N}]/gu, '');
}

/** Search-mode tokens with repeats kept: the document needs frequencies for ranking. */
function searchTokens(text: string): string[] {
  const norm = normalize(text);
  const out = segmenter()
    .cutForSearch(norm, true)
    .flatMap((t) => runsOf(t));
  for (const m of norm.matchAll(CODE_CHUNK)) {
    out.push(...runsOf(compact(m[0])));
  }
  return out;
}

/**
 * Distinct search-mode tokens (long words plus their dictionary sub-words), lowercased, without
 * whitespace or punctuation. Single characters are kept: surnames (王) and one-character words
 * (井, 桥) carry meaning in documents; queries drop only function characters (的, 与).
 */
export function tokensOf(text: string): string[] {
  return [...new Set(searchTokens(text))];
}

/** Precise-mode words: the longest dictionary words, a subset of what search mode indexed. */
function preciseWords(text: string): string[] {
  return [
    ...new Set(
      segmenter()
        .cut(normalize(text), true)
        .flatMap((t) => runsOf(t)),
    ),
  ];
}

/** The form a person name is blind-indexed in: no spaces or name dots, NFKC, lowercase. */
export function normalizePersonName(name: string): string {
  return normalize(name).replace(/\s+/g, '').replace(NAME_DOTS, '');
}

/** `n` + 64 bits of the HMAC: finds a party by full name with no name in clear in the row. */
export function partyNameToken(name: string, blindIndex: BlindIndex): string | null {
  const norm = normalizePersonName(name);
  return norm === '' ? null : `n${blindIndex(norm).slice(0, 16)}`;
}

function codeTokens(code: string): string[] {
  const norm = normalize(code);
  return [...new Set([...runsOf(compact(norm)), ...runsOf(norm)])];
}

export interface SearchDocumentInput {
  code: string;
  title: string;
  description: string;
  address: string | null;
  partyNames: readonly string[];
}

/**
 * Text for `to_tsvector('simple', $doc)`. Title tokens appear twice so a title hit outranks a
 * single mention in the description; party names enter only as blind tokens.
 */
export function matterSearchDocument(input: SearchDocumentInput, blindIndex: BlindIndex): string {
  const title = searchTokens(input.title);
  const names = input.partyNames
    .map((n) => partyNameToken(n, blindIndex))
    .filter((t): t is string => t !== null);
  return [
    ...codeTokens(input.code),
    ...title,
    ...title,
    ...searchTokens(input.description),
    ...searchTokens(input.address ?? ''),
    ...new Set(names),
  ].join(' ');
}

/** A tsquery operand: quoted, with quote and backslash doubled though runs never hold them. */
function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function looksLikePersonName(term: string): boolean {
  if (/^\p{Script=Han}{2,4}$/u.test(term)) {
    return true;
  }
  // 少数民族 names joined by a middle dot (阿卜杜拉·艾买提)
  return /^\p{Script=Han}+(?:[·・•]\p{Script=Han}+)+$/u.test(term) && term.length <= 20;
}

function termWords(term: string): string[] {
  if (CODE_TERM.test(term)) {
    return runsOf(compact(term));
  }
  const words = preciseWords(term.replace(NAME_DOTS, ' '));
  const content = words.filter((w) => !(w.length === 1 && QUERY_STOP_CHARS.has(w)));
  return content.length > 0 ? content : words;
}

function termClause(term: string, words: readonly string[], blindIndex: BlindIndex): string {
  const all = words.map(lexeme);
  const body = all.length === 1 ? (all[0] ?? '') : `(${all.join(' & ')})`;
  const name = looksLikePersonName(term) ? partyNameToken(term, blindIndex) : null;
  if (name === null) {
    return body;
  }
  return all.length === 0 ? lexeme(name) : `(${body} | ${lexeme(name)})`;
}

/**
 * Text for `to_tsquery('simple', $q)`: every term of the query must match (AND); a term that
 * looks like a person name (2–4 汉字) may instead match a party's blind token. That includes
 * words like 低保: a spare operand costs nothing, a surname list would miss rare names. Queries use
 * precise-mode words, which the search-mode document always contains. Only letter/digit runs
 * become quoted operands, so no user input can form tsquery syntax. Null when nothing is left.
 */
export function searchTsQuery(q: string, blindIndex: BlindIndex): string | null {
  const terms = normalize(q)
    .split(QUERY_TERM_SPLIT)
    .filter((t) => t !== '')
    .slice(0, MAX_QUERY_TERMS);
  const clauses: string[] = [];
  let budget = MAX_QUERY_LEXEMES;
  for (const term of terms) {
    const words = termWords(term).slice(0, budget);
    budget -= words.length;
    if (words.length > 0 || looksLikePersonName(term)) {
      clauses.push(termClause(term, words, blindIndex));
    }
  }
  return clauses.length === 0 ? null : clauses.join(' & ');
}

/**
 * OR of a text's distinct words of two or more characters: "shares some wording" for duplicate
 * detection, where requiring every word (AND) would miss differently worded reports.
 */
export function similarityTsQuery(text: string): string | null {
  const words = preciseWords(text)
    .filter((w) => w.length >= 2)
    .slice(0, MAX_SIMILARITY_WORDS);
  return words.length === 0 ? null : words.map(lexeme).join(' | ');
}

/** `search @@ query` for a tsquery text from searchTsQuery. */
export function searchMatch(q: string, alias: SqlFragment = sql`m`): SqlFragment {
  return sql`${alias}.search @@ to_tsquery('simple', ${q})`;
}

/** Relevance for ORDER BY: more occurrences, title hits and nearby terms rank higher. */
export function searchRank(q: string, alias: SqlFragment = sql`m`): SqlFragment {
  return sql`ts_rank(${alias}.search, to_tsquery('simple', ${q}))`;
}
