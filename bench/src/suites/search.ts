// Chinese full-text search through GET /api/matters?q=… (jieba tokens in a `simple` tsvector,
// GIN index, ts_rank), for common terms (纠纷, 噪音) ranked by relevance and by date, rare terms,
// a party's name (blind-index token) and a matter code. Target: p95 < 100 ms at 10 M matters.
import type { Db } from '@fengqiao/server/core/db/db.ts';
import type { BenchApp } from '../lib/app.ts';
import { scopeRegions } from '../lib/actors.ts';
import { benchCipher } from '../lib/meta.ts';
import type { Row } from '../lib/report.ts';
import { load1, summarize } from '../lib/stats.ts';
import { apiLatency, sessionsByScope } from './worklist.ts';

interface Term {
  label: string;
  q: string;
  kind: 'common' | 'medium' | 'rare' | 'name' | 'code';
}

async function terms(db: Db, seed: number): Promise<Term[]> {
  const cipher = benchCipher(seed);
  const party = await db.pool.query<{ name_enc: string }>(
    'SELECT name_enc FROM matter_party ORDER BY id DESC LIMIT 1',
  );
  const code = await db.pool.query<{ code: string }>(
    'SELECT code FROM matter WHERE id = (SELECT max(id) / 2 FROM matter)',
  );
  const out: Term[] = [
    { label: '纠纷', q: '纠纷', kind: 'common' },
    { label: '噪音', q: '噪音', kind: 'common' },
    { label: '噪音 扰民', q: '噪音 扰民', kind: 'common' },
    { label: '宅基地', q: '宅基地', kind: 'medium' },
    { label: '农民工 工资', q: '农民工 工资', kind: 'medium' },
    { label: '校园欺凌', q: '校园欺凌', kind: 'rare' },
    { label: '古窑址保护', q: '古窑址保护', kind: 'rare' },
  ];
  const enc = party.rows[0]?.name_enc;
  if (enc !== undefined) {
    out.push({ label: 'party name (blind token)', q: cipher.decrypt(enc), kind: 'name' });
  }
  const c = code.rows[0]?.code;
  if (c !== undefined) {
    out.push({ label: 'matter code', q: c, kind: 'code' });
  }
  return out;
}

export async function runSearch(
  db: Db,
  app: BenchApp,
  meta: { seed: number; cityCodes: string[]; provinceCode: string },
  budgetMs: number,
  log: (s: string) => void,
  variant = 'current',
): Promise<Row[]> {
  const regions = await scopeRegions(db, meta.cityCodes, meta.provinceCode);
  const sessions = await sessionsByScope(db, app, regions);
  const rows: Row[] = [];
  for (const scope of ['township', 'county', 'city', 'province']) {
    const cookies = sessions.get(scope);
    if (cookies === undefined) {
      continue;
    }
    for (const t of await terms(db, meta.seed)) {
      const sorts = t.kind === 'common' ? ['relevance', 'newest'] : ['relevance'];
      for (const sort of sorts) {
        const url = `/api/matters?q=${encodeURIComponent(t.q)}&sort=${sort}`;
        const r = await apiLatency(app, cookies, url, false, budgetMs);
        const stats = summarize(r.samples);
        rows.push({
          suite: 'search',
          name: `${scope}: ${t.label} (${t.kind}, ${sort})${variant === 'current' ? '' : ` [${variant}]`}`,
          engine: 'postgresql',
          stats,
          unit: 'ms',
          target: 'p95 < 100 ms',
          met: stats.p95 < 100,
          load: load1(),
          note: `${r.rows} hits on page 1${r.error === null ? '' : `; error ${r.error}`}`,
        });
        log(
          `  search ${variant} ${scope}: ${t.label} ${sort}: p50 ${stats.p50} p95 ${stats.p95} ms (n ${stats.n})`,
        );
      }
    }
  }
  return rows;
}
