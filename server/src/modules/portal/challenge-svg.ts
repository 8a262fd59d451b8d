// Draws an arithmetic puzzle as an SVG of hand-made stroke glyphs (no <text>, no font), every
// vertex jittered and every glyph turned and shifted at random, over noise curves. Friction
// against simple robots, not a proof of humanity: the real guards are the single-use challenge
// and the database-backed rate limits. Nothing third-party is involved (offline deployments).
import { randomInt } from 'node:crypto';

type Stroke = readonly (readonly [number, number])[];

// Glyphs on a 10 × 14 grid: polylines of "x,y" points, strokes separated by "|".
const GLYPH_SOURCE: Record<string, string> = {
  '0': '1,1 9,1 9,13 1,13 1,1|8,2 2,12',
  '1': '3,3 5,1 5,13|2,13 8,13',
  '2': '1,3 3,1 8,1 9,3 9,5 1,13 9,13',
  '3': '1,1 9,1 5,6 9,8 9,12 7,13 1,13',
  '4': '7,13 7,1 1,9 9,9',
  '5': '9,1 1,1 1,7 8,7 9,9 9,12 8,13 1,13',
  '6': '9,1 2,1 1,3 1,13 9,13 9,7 1,7',
  '7': '1,1 9,1 4,13',
  '8': '5,7 1,4 3,1 7,1 9,4 5,7 1,10 3,13 7,13 9,10 5,7',
  '9': '9,7 1,7 1,1 9,1 9,11 8,13 1,13',
  '+': '5,3 5,11|1,7 9,7',
  '-': '1,7 9,7',
  '×': '2,3 8,11|8,3 2,11',
  '=': '1,5 9,5|1,9 9,9',
  '?': '2,3 3,1 7,1 8,3 8,5 5,8 5,10|5,12 5,13',
};

function strokesOf(ch: string): Stroke[] {
  return (GLYPH_SOURCE[ch] ?? '').split('|').map((stroke) =>
    stroke.split(' ').map((point): [number, number] => {
      const [x, y] = point.split(',').map(Number);
      return [x ?? 0, y ?? 0];
    }),
  );
}

const INK = ['#1f3a5f', '#5b2c6f', '#1e5631', '#7b341e', '#2d3436', '#0b4f6c'];
const CELL = 24;
const HEIGHT = 48;

/** A uniform random number in [lo, hi) with 0.1 resolution, from the CSPRNG. */
function jitter(lo: number, hi: number): number {
  return lo + randomInt(Math.round((hi - lo) * 10)) / 10;
}

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)];
  if (item === undefined) {
    throw new Error('pick from an empty list');
  }
  return item;
}

function glyphPath(ch: string, index: number): string {
  const strokes = strokesOf(ch);
  const scale = jitter(1.45, 1.75);
  const x0 = 10 + index * CELL + jitter(-2, 2);
  const y0 = 4 + jitter(-3, 3);
  const turn = jitter(-16, 16);
  const d = strokes
    .map((stroke) =>
      stroke
        .map(([x, y], i) => {
          const px = (x + jitter(-0.6, 0.6)) * scale;
          const py = (y + jitter(-0.6, 0.6)) * scale * 1.1;
          return `${i === 0 ? 'M' : 'L'}${px.toFixed(1)} ${py.toFixed(1)}`;
        })
        .join(' '),
    )
    .join(' ');
  const cx = (5 * scale).toFixed(1);
  const cy = (7 * scale).toFixed(1);
  return `<path transform="translate(${x0.toFixed(1)} ${y0.toFixed(1)}) rotate(${turn.toFixed(1)} ${cx} ${cy})" d="${d}" stroke="${pick(INK)}" stroke-width="${jitter(2, 3).toFixed(1)}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function noise(width: number): string {
  const curves = Array.from({ length: 5 }, () => {
    const y = () => jitter(4, HEIGHT - 4).toFixed(1);
    return `<path d="M0 ${y()} Q${jitter(0, width).toFixed(1)} ${y()} ${width} ${y()}" stroke="${pick(INK)}" stroke-opacity="0.45" stroke-width="${jitter(0.8, 1.6).toFixed(1)}" fill="none"/>`;
  });
  const dots = Array.from(
    { length: 40 },
    () =>
      `<circle cx="${jitter(0, width).toFixed(1)}" cy="${jitter(0, HEIGHT).toFixed(1)}" r="${jitter(0.5, 1.5).toFixed(1)}" fill="${pick(INK)}" fill-opacity="0.5"/>`,
  );
  return [...curves, ...dots].join('');
}

/** A random small sum, difference or product and its answer. */
export function newPuzzle(): { text: string; answer: number } {
  switch (randomInt(3)) {
    case 0: {
      const a = 2 + randomInt(18);
      const b = 2 + randomInt(18);
      return { text: `${a}+${b}=?`, answer: a + b };
    }
    case 1: {
      const a = 10 + randomInt(20);
      const b = 1 + randomInt(a - 1);
      return { text: `${a}-${b}=?`, answer: a - b };
    }
    default: {
      const a = 2 + randomInt(8);
      const b = 2 + randomInt(8);
      return { text: `${a}×${b}=?`, answer: a * b };
    }
  }
}

/** The puzzle as an SVG data: URL (the CSP allows data: images). */
export function puzzleImage(text: string): string {
  const chars = Array.from(text);
  const width = 20 + chars.length * CELL;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}">` +
    `<rect width="100%" height="100%" fill="#f4f1ea"/>${noise(width)}${chars.map(glyphPath).join('')}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
