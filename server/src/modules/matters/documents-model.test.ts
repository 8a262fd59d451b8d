import { describe, expect, it } from 'vitest';
import { buildDocument, chineseDate, documentNumber, type DocSources } from './documents-model.ts';

describe('文书 fields', () => {
  it('formats dates in China time as 2026年11月23日', () => {
    expect(chineseDate(new Date('2026-11-22T16:30:00Z'))).toBe('2026年11月23日');
    expect(chineseDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026年3月1日');
  });

  it('derives the 文号 from the county, the kind and the dated matter code', () => {
    const at = new Date('2026-11-23T02:00:00Z');
    expect(documentNumber('曲周县', 'dispatch_sheet', '130435-20261123-0007', at)).toBe(
      '曲周综治交〔2026〕第11230007号',
    );
    expect(documentNumber('肥乡区', 'acceptance_notice', '130407-20260105-0123', at)).toBe(
      '肥乡综治受〔2026〕第01050123号',
    );
    expect(documentNumber('曲周县', 'supervision_letter', 'X-17', at)).toBe(
      '曲周综治督〔2026〕第0017号',
    );
  });
});

describe('which documents a matter has', () => {
  const sources = (over: Partial<DocSources['matter']> = {}): DocSources => ({
    matter: {
      id: 1,
      code: '130435-20261123-0007',
      trackingCode: 'ABCDEFGH23',
      type: 'dispute',
      categoryName: '邻里纠纷',
      channel: 'walk_in',
      title: '噪音',
      description: '张三丰反映噪音，电话13912345678',
      regionName: '某村',
      countyName: '曲周县',
      address: null,
      reporterName: '张三丰',
      urgent: false,
      dueAt: null,
      outcome: null,
      registeredAt: new Date('2026-11-23T02:00:00Z'),
      acceptedAt: null,
      declinedAt: null,
      ownerUnitName: '某镇综治中心',
      registeredUnitName: '某镇综治中心',
      ...over,
    },
    assignments: [],
    supervision: null,
    trackUrl: 'http://localhost:3000/track/ABCDEFGH23',
    printedBy: '某镇综治中心 李四',
    printedAt: new Date('2026-11-23T03:00:00Z'),
  });

  it('has no 告知书 before a decision, no 交办单 before dispatch, no 督办函 without a 督办', () => {
    expect(buildDocument('receipt', sources())).not.toBeNull();
    expect(buildDocument('acceptance_notice', sources())).toBeNull();
    expect(buildDocument('decline_notice', sources())).toBeNull();
    expect(buildDocument('dispatch_sheet', sources())).toBeNull();
    expect(buildDocument('supervision_letter', sources())).toBeNull();
  });

  it('keeps the reporter off a 交办单 even when the description names them', () => {
    const s = sources();
    s.assignments = [
      {
        unitName: '派出所',
        isLead: true,
        dueAt: null,
        dispatchedAt: new Date('2026-11-23T04:00:00Z'),
      },
    ];
    const text = JSON.stringify(buildDocument('dispatch_sheet', s));
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('张**');
    expect(text).not.toMatch(/139\d|5678/);
    expect(text).toContain('派出所');
  });
});
