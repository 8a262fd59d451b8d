// Synthetic Chinese names for places and people. Fictitious on purpose: bench data must never
// look like a real person's record.
import type { Rng } from '../lib/rng.ts';

const PLACE_CHARS =
  '东西南北中上下新老青白金石龙凤桃李梅松竹柳杨河湖江山岭峰塘坪冈桥泉溪湾洲港源田庄林园丰安宁平康乐福寿昌盛兴隆和顺华瑞祥嘉泰'.split(
    '',
  );
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕辉鹏飞斌宇浩凯健俊帆帅旭宁龙林欣瑶婷雪琳晨颖倩琪梦涵怡佳思雨嘉文博天子国建志海波建春红梅金凤'.split(
    '',
  );

/** A two-character place stem unique within `used` (falls back to three characters). */
export function placeName(rng: Rng, used: Set<string>): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const n = attempt < 30 ? 2 : 3;
    let s = '';
    for (let i = 0; i < n; i++) {
      s += rng.pick(PLACE_CHARS);
    }
    if (!used.has(s)) {
      used.add(s);
      return s;
    }
  }
  const s = `${rng.pick(PLACE_CHARS)}${used.size}`;
  used.add(s);
  return s;
}

export function personName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** A mobile number in the 1xx numbering plan (fictitious, 199 prefix block). */
export function phoneNumber(rng: Rng): string {
  return `199${String(rng.int(100_000_000)).padStart(8, '0')}`;
}
