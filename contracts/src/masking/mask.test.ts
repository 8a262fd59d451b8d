import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar } from '../validators/id-number.ts';
import { usccCheckChar } from '../validators/uscc.ts';
import {
  maskAddress,
  maskBankCard,
  maskField,
  maskIdNumber,
  maskName,
  maskPhone,
  maskUscc,
  scrubText,
} from './mask.ts';

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

const idNumber = fc
  .tuple(
    fc.constantFrom(11, 31, 33, 44, 51, 65, 81),
    fc.integer({ min: 0, max: 9999 }),
    fc.date({
      min: new Date('1930-01-01T00:00:00Z'),
      max: new Date('2020-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([province, county, birth, sequence]) => {
    const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const body = `${province}${String(county).padStart(4, '0')}${date}${String(sequence).padStart(3, '0')}`;
    return body + idNumberCheckChar(body);
  });
const legacyId = idNumber.map((id) => id.slice(0, 6) + id.slice(8, 17));
const mobile = fc
  .tuple(fc.constantFrom(...Array.from('3456789')), fc.stringMatching(/^\d{9}$/))
  .map(([second, rest]) => `1${second}${rest}`);
const uscc = fc
  .tuple(
    fc.constantFrom('91', '92', '12', '52'),
    fc.stringMatching(/^\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/),
  )
  .map(([head, rest]) => head + rest + usccCheckChar(head + rest));

/** How an ID may appear in pasted text: ASCII, full-width digits, lower-case x, or mixed. */
const spelling = fc.constantFrom('ascii', 'full-width', 'lower-x', 'mixed');
function respell(value: string, style: string): string {
  return Array.from(value, (ch, i) => {
    const isFull = style === 'full-width' || (style === 'mixed' && i % 2 === 0);
    if (ch === 'X') {
      return style === 'lower-x' ? 'x' : isFull ? 'Ｘ' : 'X';
    }
    return isFull ? FULL_WIDTH_DIGITS.charAt(Number(ch)) || ch : ch;
  }).join('');
}

// Chinese prose without digits or Latin letters, as in 公示 notices and case narratives.
const chineseText = fc.string({
  unit: fc.constantFrom(
    ...Array.from(
      '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严，。、；：“”（）！？ ',
    ),
  ),
  maxLength: 30,
});

describe('SECURITY.md §3 ID number masking', () => {
  it('shows staff first 3 + last 4 (110***********1234), hiding county and birth date', () => {
    expect(maskIdNumber('110101199003071234', 'staff')).toBe('110***********1234');
    expect(maskIdNumber('11010519491231002X', 'staff')).toBe('110***********002X');
  });

  it('shows the public portal only the first and last character (1****************4)', () => {
    expect(maskIdNumber('110101199003071234', 'public')).toBe('1****************4');
  });

  it('masks a 15-digit ID as first 3 + 8 * + last 4', () => {
    expect(maskIdNumber('110105491231002', 'staff')).toBe('110********1002');
  });

  it('normalises full-width digits and ｘ before masking', () => {
    expect(maskIdNumber('１１０１０５１９４９１２３１００２ｘ', 'staff')).toBe(
      '110***********002X',
    );
  });

  it('masks an unparseable value completely, keeping its length', () => {
    expect(maskIdNumber('11010519491231', 'staff')).toBe('**************');
    expect(maskIdNumber('身份证丢失', 'public')).toBe('*****');
    expect(maskIdNumber('', 'staff')).toBe('');
  });
});

describe('SECURITY.md §3 phone masking', () => {
  it('masks a mobile as 138****1234, with or without +86 and separators', () => {
    for (const raw of [
      '13812341234',
      '+86 138-1234-1234',
      '0086 13812341234',
      '１３８１２３４１２３４',
    ]) {
      expect(maskPhone(raw)).toBe('138****1234');
    }
  });

  it('keeps a landline area code and the last 2 digits', () => {
    expect(maskPhone('0575-87654321')).toBe('0575-******21');
    expect(maskPhone('010 88886666')).toBe('010-******66');
    expect(maskPhone('87654321')).toBe('******21');
  });

  it('masks an unparseable phone completely', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('0575-8765-4321-801')).toBe('******************');
  });
});

describe('SECURITY.md §3 name masking', () => {
  it.each([
    ['张三', '张*'],
    ['李小龙', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['诸葛亮', '诸葛*'],
    ['司马相如', '司马**'],
    ['欧阳', '欧*'],
    ['王', '*'],
    ['阿依古丽·买买提', '阿*******'],
  ])('masks %s as %s, keeping the (compound) surname', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('SECURITY.md §3 address masking (staff 村/社区, public 乡镇/街道, never house numbers)', () => {
  it('keeps staff addresses down to the village and masks the rest', () => {
    expect(maskAddress('浙江省诸暨市枫桥镇枫源村3组12号')).toBe('浙江省诸暨市枫桥镇枫源村*****');
    expect(maskAddress('杭州市西湖区北山街道宝石社区保俶路12号')).toBe(
      '杭州市西湖区北山街道宝石社区******',
    );
  });

  it('keeps public addresses only down to 乡镇/街道', () => {
    expect(maskAddress('浙江省诸暨市枫桥镇枫源村3组12号', [], 'public')).toBe(
      '浙江省诸暨市枫桥镇********',
    );
  });

  it('uses region name hints before markers', () => {
    expect(maskAddress('诸暨市枫桥镇枫源村3组12号', ['诸暨市枫桥镇'])).toBe('诸暨市枫桥镇********');
  });

  it('falls back to province/city/county when no town or village marker exists', () => {
    expect(maskAddress('北京市朝阳区建国路88号院3号楼')).toBe('北京市朝阳区**********');
    expect(maskAddress('阳光花园小区5栋')).toBe('********');
  });

  it('ignores markers that start a place name (镇江市) or follow a house number', () => {
    expect(maskAddress('镇江市京口区正东路街道12号')).toBe('镇江市京口区正东路街道***');
    expect(maskAddress('建国路88号幸福村')).toBe('*********');
  });

  it('never keeps a digit of the address', () => {
    fc.assert(
      fc.property(chineseText, fc.stringMatching(/^\d{1,4}号$/), chineseText, (a, n, b) => {
        expect(maskAddress(a + n + b)).not.toMatch(/\d/);
      }),
    );
  });
});

describe('SECURITY.md §3 bank card and USCC masking', () => {
  it('keeps a bank card first 6 + last 4', () => {
    expect(maskBankCard('6222 0212 3456 7890 123')).toBe('622202*********0123');
    expect(maskBankCard('62220212')).toBe('********');
  });

  it('keeps the first 2 and last 4 characters of a USCC', () => {
    expect(maskUscc('91350100M000100Y43')).toBe('91************0Y43');
    expect(maskUscc('bad')).toBe('***');
  });
});

describe('SECURITY.md E5 / C2 scrubText finds identifiers in free text', () => {
  it('masks an ID, a mobile and a USCC inside a Chinese sentence', () => {
    const text =
      '当事人张三，身份证号11010519491231002X，电话138 1234 5678，公司代码91350100M000100Y43。';
    expect(scrubText(text)).toBe(
      '当事人张三，身份证号1****************X，电话138****5678，公司代码91************0Y43。',
    );
  });

  it('uses staff masks when asked', () => {
    expect(scrubText('身份证：１１０１０５１９４９１２３１００２ｘ', 'staff')).toBe(
      '身份证：110***********002X',
    );
  });

  it('catches a valid ID glued to other digits and a USCC glued to letters', () => {
    expect(scrubText('编号2024011010519491231002X')).toBe('编号202401****************X');
    expect(scrubText('USCC91350100M000100Y43')).toBe('USCC91************0Y43');
  });

  it('leaves text without identifiers unchanged', () => {
    expect(scrubText('2024年3月5日调解成功，赔偿8000元。')).toBe(
      '2024年3月5日调解成功，赔偿8000元。',
    );
  });

  it('always catches 18-digit IDs in Chinese text, full-width and lower-case x included', () => {
    fc.assert(
      fc.property(chineseText, idNumber, spelling, chineseText, (before, id, style, after) => {
        const scrubbed = scrubText(before + respell(id, style) + after);
        expect(scrubbed).toBe(`${before}${id.charAt(0)}${'*'.repeat(16)}${id.charAt(17)}${after}`);
      }),
      { numRuns: 300 },
    );
  });

  it('always catches 15-digit IDs and mobiles in Chinese text', () => {
    // Without a separator the two would be one 26-digit number, which is neither.
    const separator = fc.string({
      unit: fc.constantFrom(...Array.from('，。的电话 ')),
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(chineseText, legacyId, separator, mobile, chineseText, (a, id, b, phone, c) => {
        const scrubbed = scrubText(a + respell(id, 'mixed') + b + phone + c);
        expect(scrubbed).toBe(
          `${a}${id.charAt(0)}${'*'.repeat(13)}${id.charAt(14)}${b}${phone.slice(0, 3)}****${phone.slice(-4)}${c}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('always catches USCCs in Chinese text', () => {
    fc.assert(
      fc.property(chineseText, uscc, chineseText, (before, code, after) => {
        expect(scrubText(before + code + after)).toBe(
          `${before}${code.slice(0, 2)}${'*'.repeat(12)}${code.slice(-4)}${after}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('maskField dispatches by kind', () => {
  it.each([
    ['idNumber', '110101199003071234', 'staff', '110***********1234'],
    ['phone', '13812341234', 'public', '138****1234'],
    ['name', '欧阳娜娜', 'public', '欧阳**'],
    ['address', '浙江省诸暨市枫桥镇枫源村3组', 'public', '浙江省诸暨市枫桥镇*****'],
    ['bankCard', '6222021234567890', 'staff', '622202******7890'],
    ['uscc', '91350100M000100Y43', 'staff', '91************0Y43'],
    ['text', '电话13812341234', 'public', '电话138****1234'],
  ] as const)('masks kind %s', (kind, value, audience, masked) => {
    expect(maskField(kind, value, audience)).toBe(masked);
  });
});
