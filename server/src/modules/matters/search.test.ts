import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN_WORDS,
  matterSearchDocument,
  normalizePersonName,
  partyNameToken,
  searchTsQuery,
  similarityTsQuery,
  tokensOf,
} from './search.ts';

const blindIndex = (s: string): string => createHmac('sha256', 'test-key').update(s).digest('hex');
const tokenOf = (name: string): string => `n${blindIndex(name).slice(0, 16)}`;

describe('tokensOf', () => {
  it('segments names, domain words and two-character terms as a clerk means them', () => {
    expect(tokensOf('王某某')).toEqual(['王', '某某']);
    expect(tokensOf('网格员反映低保问题')).toEqual(
      expect.arrayContaining(['网格员', '网格', '低保', '反映', '问题']),
    );
    expect(tokensOf('网格员反映低保问题')).not.toContain('员');
    expect(tokensOf('噪音扰民')).toEqual(['噪音', '扰民']);
    expect(tokensOf('综治中心')).toEqual(expect.arrayContaining(['综治中心', '综治', '中心']));
    expect(tokensOf('占道经营')).toContain('占道经营');
  });

  it('keeps sub-words of long words, so 矛盾 finds 矛盾纠纷', () => {
    expect(tokensOf('矛盾纠纷调解')).toEqual(
      expect.arrayContaining(['矛盾纠纷', '矛盾', '纠纷', '调解']),
    );
  });

  it('drops whitespace and punctuation, lowercases, folds full-width and dedupes', () => {
    expect(tokensOf('  ，。！？ \n\t')).toEqual([]);
    expect(tokensOf('')).toEqual([]);
    expect(tokensOf('ＡＢＣ１２３ abc123')).toEqual(['abc123']);
    expect(tokensOf('噪音，噪音！噪音')).toEqual(['噪音']);
  });

  it('indexes code-like chunks whole and in parts', () => {
    expect(tokensOf('FQ-20260302-0001')).toEqual(['fq', '20260302', '0001', 'fq202603020001']);
    expect(tokensOf('幸福路3-2-101')).toEqual(expect.arrayContaining(['3', '2', '101', '32101']));
  });

  it('keeps a lone character: a surname or 井 is meaningful', () => {
    expect(tokensOf('王')).toEqual(['王']);
  });

  it('knows the domain dictionary', () => {
    expect(DOMAIN_WORDS.length).toBeGreaterThanOrEqual(60);
    expect(DOMAIN_WORDS).toEqual(expect.arrayContaining(['网格员', '低保', '12345', '垃圾清运']));
    expect(new Set(DOMAIN_WORDS).size).toBe(DOMAIN_WORDS.length);
  });
});

describe('party name blind tokens', () => {
  it('normalizes spacing, name dots and width before hashing', () => {
    expect(normalizePersonName(' 王 建国 ')).toBe('王建国');
    expect(normalizePersonName('阿卜杜拉·艾买提')).toBe('阿卜杜拉艾买提');
    expect(partyNameToken(' 王 建国', blindIndex)).toBe(tokenOf('王建国'));
    expect(partyNameToken('   ', blindIndex)).toBeNull();
  });

  it('puts names in the document only as blind tokens', () => {
    const doc = matterSearchDocument(
      {
        code: 'FQ-20260302-0001',
        title: '欠薪',
        description: '农民工反映工资被拖欠',
        address: null,
        partyNames: ['王建国', '王建国', '李秀英'],
      },
      blindIndex,
    );
    expect(doc).not.toMatch(/王|建国|秀英/);
    expect(doc.split(' ').filter((t) => t === tokenOf('王建国'))).toHaveLength(1);
    expect(doc).toContain(tokenOf('李秀英'));
    expect(doc.split(' ')).toEqual(expect.arrayContaining(['fq202603020001', '0001', '农民工']));
  });

  it('repeats title tokens so a title hit outranks one mention in the text', () => {
    const doc = matterSearchDocument(
      { code: 'X1', title: '噪音', description: '扰民', address: '幸福路', partyNames: [] },
      blindIndex,
    );
    expect(doc).toBe('x1 噪音 噪音 扰民 幸福 路');
  });
});

describe('searchTsQuery', () => {
  it('ANDs precise-mode words and drops function characters', () => {
    expect(searchTsQuery('低保的问题', blindIndex)).toBe("('低保' & '问题')");
    expect(searchTsQuery('低保 FQ', blindIndex)).toBe(`('低保' | '${tokenOf('低保')}') & 'fq'`);
    expect(searchTsQuery('的', blindIndex)).toBe("'的'");
    expect(searchTsQuery('abc 123', blindIndex)).toBe("'abc' & '123'");
  });

  // any 2–4 汉字 term may be a name (低保 too): a spare operand beats missing a rare surname
  it('lets a name-like term match a party blind token instead', () => {
    expect(searchTsQuery('王建国', blindIndex)).toBe(`('王建国' | '${tokenOf('王建国')}')`);
    expect(searchTsQuery('王某某', blindIndex)).toBe(`(('王' & '某某') | '${tokenOf('王某某')}')`);
    expect(searchTsQuery('噪音扰民问题', blindIndex)).not.toContain("'n");
  });

  it('turns a matter code into its one compact lexeme', () => {
    expect(searchTsQuery('FQ-20260302-0001', blindIndex)).toBe("'fq202603020001'");
  });

  it('neutralizes tsquery syntax in user input', () => {
    expect(searchTsQuery("a&b|!c:*'", blindIndex)).toBe("'a' & 'b' & 'c'");
    expect(searchTsQuery("'噪音扰民问题' | !(低保的问题):*", blindIndex)).toBe(
      "('噪音' & '扰民' & '问题') & ('低保' & '问题')",
    );
    expect(searchTsQuery("\\' OR 1=1 --", blindIndex)).toBe("'or' & '1' & '1'");
    expect(searchTsQuery("it's", blindIndex)).toBe("'it' & 's'");
  });

  it('returns null when nothing searchable remains', () => {
    for (const q of ['', '   ', '&|!():*\\\'"', '，。、；', '\u0000\u0001']) {
      expect(searchTsQuery(q, blindIndex)).toBeNull();
    }
  });

  it('only ever emits quoted letter/digit runs joined by operators', () => {
    const operand = "'[\\p{L}\\p{N}]+'";
    const shape = new RegExp(`^(?:[()&| ]|${operand})+$`, 'u');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (q) => {
        const out = searchTsQuery(q, blindIndex);
        return out === null || shape.test(out);
      }),
      { numRuns: 500 },
    );
  });

  it('caps the size of a query', () => {
    const out = searchTsQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), blindIndex);
    expect(out?.split('&').length).toBe(16);
  });
});

describe('similarityTsQuery', () => {
  it('ORs distinct words of two or more characters', () => {
    expect(similarityTsQuery('楼下烧烤店夜间噪音扰民，噪音很大')).toBe(
      "'楼下' | '烧烤店' | '夜间' | '噪音' | '扰民' | '很大'",
    );
    expect(similarityTsQuery('的 了 。')).toBeNull();
  });
});
