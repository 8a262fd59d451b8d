// Blocklist for SECURITY.md A2 / §2 ("top-3,000 blocklist"). Entries are lower case; callers
// compare case-insensitively. Literal lists hold passwords that top the published rankings of
// Chinese leaks (CSDN 2011, 天涯, 12306 2014) and international ones; families are generated
// only where leaks show the whole family is used (digit runs, keyboard walks, word + suffix).

const split = (text: string): string[] => text.split(/\s+/).filter((word) => word.length > 0);

// Top entries of Chinese-site leaks: digit runs, keyboard walks, 520/1314 love numbers, pinyin.
const CHINESE_LEAKED = split(`
  123456789 12345678 11111111 dearbook 00000000 123123123 1234567890 88888888 111111111
  147258369 987654321 aaaaaaaa 1111111111 66666666 a123456789 11223344 1qaz2wsx xiazhili
  789456123 87654321 qqqqqqqq 000000000 qwertyuiop qq123456 31415926 12344321 0000000000
  asdfghjkl 1q2w3e4r 123456abc 0123456789 123654789 12121212 qazwsxedc abcd1234 12341234
  110110110 asdasdasd 22222222 123321123 abc123456 a12345678 123456123 a1234567 1234qwer
  qwe123456 11112222 5201314520 123qwe123 12345678a 0987654321 a123456 123456a 5201314
  woaini1314 1q2w3e4r 7758521 123qwe a123123 123456aa woaini520 100200 1314520 woaini123
  q123456 123456789a 5211314 asd123 z123456 asd123456 a5201314 aa123456 zhang123 aptx4869
  123123a 1q2w3e4r5t 1qazxsw2 5201314a 1q2w3e aini1314 q1w2e3r4 123456qq woaini521 a111111
  520520 110110 111111a w123456 7758258 123qweasd 159753 qwer1234 a000000 qq123123 zxc123
  123654 123456q qq5201314 456852 as123456 1314521 112233 521521 qazwsx123 zxc123456 asdasd
  love1314 qaz123 aaa123 q1w2e3 a123321 123000 12qwaszx 5845201314 s123456 nihao123
  caonima123 zxcvbnm123 wang123 1a2b3c4d asdasd123 584520 753951 147258 1123581321 110120
  qq1314520 woaini1314520 5201314woaini woaiwojia woainimama woainibaba woaiwolaopo
  woaiwolaogong woainilaopo woainibaobao woaini1314521 iloveyou1314 iloveyou520 521521521
  5201314520 1314520520 3344520 3344521 3344520520 5201314123 52013145201314 520131400
  wocaonima woshishui nicaiya nicaicai wobuzhidao wodemima mimashi mimamima mima123
  mima123456 zhimakaimen kaixinguoyidai woshitiancai woshiniba nishigezhu zhuzhuxia
  tiantian xiaoxiao yangyang wangjian wangyang wanglei wangwei wangfang zhangwei zhangjie
  zhangmin liuyang liwei chenjie chenchen lilili zhangyan zhanglei huanhuan beibei baobao
  xiaobao laopo laogong qinqin aiqing xingfu kuaile jiayou shuaige meinv xiaoming xiaohong
  zhongguo woaizhongguo zhonghua beijing2008 beijing shanghai shenzhen guangzhou tianjin
  qq123456789 qq666666 qq111111 qq000000 qqqqqq qq888888 qwe123qwe aaa111 a1b2c3 a1b2c3d4
  aaaa1111 a11111 a12345 abc1234 abcd123 1234abcd 12345a 12345qwert 123abc 123asd 123zxc
  woaini woaini1 woaini12 woainini nihao nihaoma xiaozhu zhuzhu dabaobei xiaobaobei
  baobei520 baobei1314 laopo520 laopo1314 laogong520 laogong1314 wangyi163 qq163com
  sohu123 sina123 tianya123 111222tianya 3.1415926 7758520 1314woaini 888888888 168168
  518518 168888 666888 888666 198888 1688888 16888888 518888 123456789q woaini789
`);

// International rankings (RockYou and later annual lists) that also top Chinese dumps.
const GLOBAL_LEAKED = split(`
  123456 password 12345 iloveyou princess 1234567 rockyou abc123 nicole daniel babygirl
  monkey lovely jessica 654321 michael ashley qwerty 111111 iloveu 000000 michelle tigger
  sunshine chocolate password1 soccer anthony friends butterfly purple angel jordan
  liverpool justin loveme fuckyou 123123 football secret andrea carlos jennifer joshua
  bubbles superman hannah amanda loveyou pretty basketball andrew angels tweety flower
  playboy hello elizabeth hottie tinkerbell charlie samantha barbie chelsea lovers teamo
  jasmine brandon 666666 shadow melissa eminem matthew robert danielle forever family
  jonathan computer whatever dragon vanessa cookie naruto summer sweety spongebob joseph
  junior softball taylor yellow daniela lauren mickey princesa alexandra alexis jesus
  estrella miguel william thomas beautiful mylove angela poohbear patrick iloveme sakura
  adrian alexander destiny christian 121212 sayang america dancer monica richard
  princess1 555555 diamond carolina steven rangers louise orange 789456 999999 shorty
  nathan snoopy gabriel hunter cherry killer sandra alejandro buster george brittany
  alejandra patricia rachel tequiero 7777777 cheese dolphin antonio heather david ginger
  stephanie peanut blink182 sweetie 222222 beauty 987654 victoria honey fernando pokemon
  maggie corazon chicken pepper cristina rainbow kisses manuel myspace rebelde angel1
  ricardo babygurl heaven baseball martin greenday november alyssa madison mother
  123abc mahalkita batman september december morgan mariposa maria gabriela iloveyou2
  bailey jeremy pamela kimberly gemini shannon pictures sophie jessie hellokitty claudia
  babygirl1 angelica austin victor horses tiffany mariana eduardo andres courtney booboo
  kissme harley ronaldo iloveyou1 precious october inuyasha peaches veronica chris
  888888 adriana cutie james banana prince friend jesus1 crystal celtic zxcvbnm edward
  oliver diana samsung freedom angelo kenneth master scooby carmen 456789 sebastian
  rebecca jackie spiderman christopher karina johnny hotmail school barcelona august
  orlando samuel cameron slipknot cutiepie monkey1 50cent bonita kevin maganda babyboy
  casper brenda adidas kitten karen mustang isabel natalie sarah laura 777777 marvin
  denise tigers volleyball jasper rockstar january alicia nicholas flowers cristian
  tintin bianca chrisbrown chester 101010 smokey silver internet sweet strawberry
  garfield dennis panget francis cassie benfica love123 696969 asdfgh lollipop olivia
  cancer camila superstar harrypotter ihateyou charles monique midnight vincent
  christine apples scorpio jordan23 lorena mercedes katherine charmed abigail rafael
  icecream mexico brianna nirvana aaliyah pookie johncena lovelove abcdef benjamin 131313
  gangsta brooke 333333 hiphop aaaaaa mybaby sergio welcome metallica julian travis
  michael1 jeffrey stephen dakota catherine badboy fernanda westlife blondie sasuke
  smiley jackson simple melanie dolphins roberto fluffy teresa piglet ronald minnie
  newyork jason raymond santiago jerome muffin 246810 sweetheart ladybug kitty popcorn
  alberto valeria cookies leslie jenny nicole1 12345678910 leonardo liliana dexter
  232323 amores christ babydoll anthony1 marcus fatima miamor lover single lalala 252525
  scooter natasha trustno1 letmein baseball1 starwars whatever1 qwerty123 qwerty1
  1qaz2wsx3edc zaq12wsx zaq1xsw2 !qaz2wsx 1qaz@wsx 1qaz!qaz !qaz@wsx qazxsw qazwsx
  qweasdzxc qweasd asdzxc zxcasdqwe 1q2w3e4r5t6y q1w2e3r4t5 a1s2d3f4 z1x2c3v4 azerty
  qwertz iloveyou! michael123 football1 baseball123 monkey123 dragon123 master123
  shadow123 sunshine1 princess123 welcome1 welcome123 hello123 hello1234 helloworld
`);

// Vendor defaults and admin habits; A7 forbids them for bootstrap accounts.
const DEFAULT_CREDENTIALS = split(`
  admin admin123 admin888 admin@123 admin1234 admin12345 admin123456 admin@1234 admin#123
  admin!@# admin@admin adminadmin administrator root root123 root@123 root1234 rootroot
  toor system system123 manager manager123 test test123 test1234 testtest guest guest123
  user user123 user1234 default changeme changeme123 passw0rd p@ssw0rd p@ssword p@55w0rd
  pa$$word pa$$w0rd password12 password123 password1234 password! password@123 pass123
  pass1234 pass@123 abc@123 abc#123 abc123!@# abc@1234 123qwe!@# 1qaz@wsx3edc sa123456
  oracle oracle123 mysql mysql123 postgres postgres123 sysadmin superadmin supervisor
  huawei@123 huawei123 h3c@123 zte@123 ruijie@123 hikvision hik12345 dahua123 admin@2023
  admin@2024 admin@2025 root@2024 qwer@1234 qwe@1234 qwe!@#123 p@ssw0rd123 p@ssw0rd! 1234qwer!
  1qaz2wsx! 1qaz@2wsx 1qaz#edc zxcv1234 asdf1234 asdf!234 1234asdf 1234zxcv aa123456!
`);

// Base words for word + suffix families: pinyin words, love phrases, English favourites.
const BASE_WORDS = split(`
  password pass admin root test user guest qwerty qwer qwe asd asdf zxc zxcv abc abcd iloveyou
  love woaini aini wode laopo laogong baobao baobei xiaobao tiantian mama baba zhongguo
  nihao haha hehe xiaoxiao yangyang zhuzhu meimei jiejie gege didi qinqin xiaoming
  shuaige meinv dabao xiaoyu tianshi xiaolong longlong feifei lele huanhuan yueyue aiqing
  xingfu kuaile jiayou woaiwojia monkey dragon master shadow sunshine princess football
  welcome hello super superman batman letmein qq abcdef asdfgh zxcvbn
`);

const SUFFIXES = split(
  '1 12 123 1234 12345 123456 520 1314 5201314 666 888 000 ! @123 123! 123456!',
);

// Most frequent 百家姓 in pinyin and frequent given names (张伟, 王芳, 李娜 …).
const SURNAMES = split('zhang wang li liu chen yang huang zhao wu zhou');
const GIVEN_NAMES = split(`
  wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiuying xia hua
`);
const NAME_SUFFIXES = ['', '123', '123456', '520'];

// 520 我爱你, 521, 1314 一生一世, 7758 亲亲我吧, 3344 生生世世, 584 我发誓: love numerology.
const LOVE_NUMBERS = ['520', '521', '1314', '5201314', '7758', '3344', '584', '9420', '1314520'];

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '!@#$%^&*()'];
// Column walks on the main block and the numeric keypad; users take ever longer prefixes.
const KEYBOARD_WALKS = [
  '1qaz2wsx3edc4rfv5tgb',
  'qazwsxedcrfvtgbyhn',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'qweasdzxcrtyfghvbn',
  '147258369',
  '789456123',
  '741852963',
  '963852741',
  '159357456',
  '159753',
  '753951',
  '123698745',
  '147852369',
  '!qaz@wsx#edc$rfv',
  '1!2@3#4$5%6^',
];

const MIN_ENTRY_LENGTH = 6;
const MAX_RUN_LENGTH = 10;

function digitFamilies(): string[] {
  const out: string[] = [];
  const ascending = '01234567890123456789';
  const descending = '98765432109876543210';
  for (let length = MIN_ENTRY_LENGTH; length <= MAX_RUN_LENGTH; length += 1) {
    for (let start = 0; start < 10; start += 1) {
      out.push(String(start).repeat(length));
      out.push(ascending.slice(start, start + length));
      out.push(descending.slice(start, start + length));
    }
  }
  // Two-digit units repeated (121212, 52525252) and pairs doubled (112233, 11223344).
  for (let a = 0; a < 10; a += 1) {
    for (let b = 0; b < 10; b += 1) {
      out.push(`${a}${b}`.repeat(3), `${a}${b}`.repeat(4));
    }
    const pairs = [0, 1, 2, 3].map((step) => String((a + step) % 10).repeat(2));
    out.push(pairs.slice(0, 3).join(''), pairs.join(''));
    const triples = [0, 1, 2].map((step) => String((a + step) % 10).repeat(3));
    out.push(triples.slice(0, 2).join(''), triples.join(''));
  }
  // Runs and love numbers written twice or mirrored (123123, 12344321, 13141314).
  const units = ['123', '234', '345', '456', '567', '678', '789', '321', '1234', '4321'];
  for (const unit of [...units, ...LOVE_NUMBERS, '110', '119', '120', '168', '518', '886']) {
    out.push(unit.repeat(2), unit.repeat(3), unit + Array.from(unit).reverse().join(''));
  }
  return out;
}

function loveNumberFamilies(): string[] {
  const out: string[] = [];
  for (const first of LOVE_NUMBERS) {
    for (const second of LOVE_NUMBERS) {
      out.push(first + second);
    }
    for (const word of ['woaini', 'aini', 'iloveyou', 'love', 'baobei', 'laopo', 'laogong']) {
      out.push(word + first, first + word);
    }
  }
  return out;
}

function keyboardFamilies(): string[] {
  const out: string[] = [];
  for (const walk of [...KEYBOARD_ROWS, ...KEYBOARD_WALKS]) {
    for (let end = MIN_ENTRY_LENGTH; end <= walk.length; end += 1) {
      out.push(walk.slice(0, end));
    }
    out.push(Array.from(walk.slice(0, 8)).reverse().join(''));
  }
  // Short walks combined with digit runs (qwe123, 123qwe, asd123456).
  for (const walk of ['qwe', 'asd', 'zxc', 'qaz', 'wsx', 'qwer', 'asdf', 'zxcv', 'qwerty']) {
    for (const digits of ['123', '1234', '12345', '123456', '321', '111']) {
      out.push(walk + digits, digits + walk);
    }
    out.push(walk.repeat(2), walk.repeat(3));
  }
  return out;
}

function wordFamilies(): string[] {
  const out: string[] = [];
  for (const word of BASE_WORDS) {
    out.push(word);
    for (const suffix of SUFFIXES) {
      out.push(word + suffix);
    }
  }
  for (const surname of SURNAMES) {
    for (const given of GIVEN_NAMES) {
      for (const suffix of NAME_SUFFIXES) {
        out.push(surname + given + suffix);
      }
    }
  }
  return out;
}

// Substitutions users apply to satisfy composition rules (P@ssw0rd); expanded for a few words.
const LEET: Readonly<Record<string, readonly string[]>> = {
  a: ['a', '@', '4'],
  o: ['o', '0'],
  i: ['i', '1', '!'],
  e: ['e', '3'],
  s: ['s', '$', '5'],
};

function leetVariants(word: string): string[] {
  let variants = [''];
  for (const ch of word) {
    const options = LEET[ch] ?? [ch];
    variants = variants.flatMap((prefix) => options.map((option) => prefix + option));
  }
  return variants;
}

function leetFamilies(): string[] {
  const out: string[] = [];
  for (const word of ['password', 'admin', 'iloveyou', 'welcome']) {
    for (const variant of leetVariants(word)) {
      out.push(variant, `${variant}1`, `${variant}123`);
    }
  }
  return out;
}

function buildCommonPasswords(): ReadonlySet<string> {
  const all = [
    ...CHINESE_LEAKED,
    ...GLOBAL_LEAKED,
    ...DEFAULT_CREDENTIALS,
    ...digitFamilies(),
    ...loveNumberFamilies(),
    ...keyboardFamilies(),
    ...wordFamilies(),
    ...leetFamilies(),
  ];
  return new Set(
    all.map((entry) => entry.toLowerCase()).filter((entry) => entry.length >= MIN_ENTRY_LENGTH),
  );
}

/** Lower-case blocklist of common passwords (≥ 6 characters); compare with `toLowerCase()`. */
export const COMMON_PASSWORDS: ReadonlySet<string> = buildCommonPasswords();

/** Words that, followed or preceded only by predictable digits, make a guessable password. */
export const COMMON_PASSWORD_WORDS: ReadonlySet<string> = new Set([
  ...BASE_WORDS,
  ...SURNAMES.flatMap((surname) => GIVEN_NAMES.map((given) => surname + given)),
  ...KEYBOARD_ROWS.map((row) => row.slice(0, 6)),
  ...GLOBAL_LEAKED.filter((entry) => /^[a-z]+$/.test(entry)),
]);
