import { createHash } from 'node:crypto';
import { toString as qrSvg } from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { TREE } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { CHALLENGE_TTL_SECONDS } from './challenge.ts';
import { getChallenge, solve, submit } from './portal-testing.ts';
import { PORTAL_LIMITS } from './throttle.ts';

const BASE = 'https://portal.example.gov.cn';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: { PUBLIC_BASE_URL: `${BASE}/` },
  });
  await t.f.tree();
});
afterAll(async () => {
  await t.close();
});

const request = (extra: Record<string, unknown> = {}) => ({
  regionCode: TREE.V1b,
  categoryCode: 'H2',
  description: '独居老人家中水管爆裂需要帮助',
  ...extra,
});

function post(ip: string, body: unknown) {
  return t.call('POST', '/api/portal/requests', { ip, body });
}

describe('portal challenge (server-issued, single use, five minutes)', () => {
  it('issues an SVG puzzle without text and keeps only a keyed hash of the answer', async () => {
    const c = await getChallenge(t, '203.0.113.1');
    expect(c.image).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(c.image.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/<text|<script|href=/);
    const answer = await solve(t, c.challengeId);
    const rows = await t.db.query<{ answer_hash: string }>(
      sql`SELECT answer_hash FROM portal_challenge WHERE id = ${c.challengeId}`,
    );
    // keyed: not the plain digest of the answer, which anyone could look up
    expect(rows[0]?.answer_hash).not.toBe(createHash('sha256').update(answer).digest('hex'));
    expect(rows[0]?.answer_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db.query(sql`SELECT 1 FROM audit_log WHERE event = 'portal.challenge'`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('accepts a solved challenge once; the replay answers 400 and creates nothing', async () => {
    const ip = '203.0.113.2';
    const c = await getChallenge(t, ip);
    const body = {
      challengeId: c.challengeId,
      answer: await solve(t, c.challengeId),
      ...request(),
    };
    expect((await post(ip, body)).statusCode).toBe(201);
    const before = await t.db.query(sql`SELECT id FROM matter`);
    const replay = await post(ip, body);
    expect(replay.statusCode, replay.body).toBe(400);
    expect(replay.json<{ fields: { path: string }[] }>().fields[0]?.path).toBe('answer');
    expect(await t.db.query(sql`SELECT id FROM matter`)).toHaveLength(before.length);
  });

  it('uses the challenge up on a wrong answer: the right answer afterwards is refused', async () => {
    const ip = '203.0.113.3';
    const c = await getChallenge(t, ip);
    const answer = await solve(t, c.challengeId);
    const wrong = await post(ip, {
      challengeId: c.challengeId,
      answer: String(Number(answer) + 1),
      ...request(),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ message: string }>().message).toBe('验证码错误，请重新获取');
    const right = await post(ip, { challengeId: c.challengeId, answer, ...request() });
    expect(right.statusCode).toBe(400);
    expect(right.json<{ message: string }>().message).toBe('验证码无效或已使用，请重新获取');
  });

  it('expires five minutes after issue', async () => {
    const ip = '203.0.113.4';
    const c = await getChallenge(t, ip);
    const answer = await solve(t, c.challengeId);
    t.clock.advance(CHALLENGE_TTL_SECONDS * 1000 + 1000);
    const late = await post(ip, { challengeId: c.challengeId, answer, ...request() });
    expect(late.statusCode).toBe(400);
    expect(late.json<{ message: string }>().message).toBe('验证码已过期，请重新获取');
  });

  it('accepts full-width digits as the answer', async () => {
    const ip = '203.0.113.5';
    const c = await getChallenge(t, ip);
    const answer = (await solve(t, c.challengeId)).replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const res = await post(ip, { challengeId: c.challengeId, answer: ` ${answer} `, ...request() });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('portal rate limits (SECURITY.md A10, D4)', () => {
  it('answers 429 with Retry-After to the 6th request from one address within an hour', async () => {
    const ip = '203.0.113.10';
    for (let i = 0; i < PORTAL_LIMITS.submitPerIp.max; i += 1) {
      expect((await submit(t, ip, request())).statusCode).toBe(201);
    }
    const sixth = await submit(t, ip, request());
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json<{ code: string }>().code).toBe('request.rate_limited');
    const wait = Number(sixth.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3600);
    t.clock.advance(wait * 1000);
    expect((await submit(t, ip, request())).statusCode).toBe(201);
  });

  it('answers 429 to the 6th request naming one phone, from any address', async () => {
    const contact = { name: '李秀英', phone: '13700001111' };
    for (let i = 0; i < PORTAL_LIMITS.submitPerPhone.max; i += 1) {
      const res = await submit(t, `203.0.113.${20 + i}`, request({ contact }));
      expect(res.statusCode, res.body).toBe(201);
    }
    const sixth = await submit(t, '203.0.113.30', request({ contact }));
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    const otherPhone = await submit(
      t,
      '203.0.113.30',
      request({ contact: { name: '李秀英', phone: '13700002222' } }),
    );
    expect(otherPhone.statusCode).toBe(201);
  });

  it('limits challenges per address', async () => {
    const ip = '203.0.113.40';
    let last = 0;
    for (let i = 0; i <= PORTAL_LIMITS.challengePerIp.max; i += 1) {
      // at most 9 per minute, so the in-process limit (10/min) stays out of the way and the
      // database limit (30 per 10 minutes) is what answers
      t.clock.advance(7_000);
      last = (await t.call('POST', '/api/portal/challenge', { ip })).statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('tracking codes cannot be enumerated', () => {
  it('after 20 unknown codes from one address every lookup from it answers 429', async () => {
    const res = await submit(t, '203.0.113.50', request());
    const code = res.json<{ trackingCode: string }>().trackingCode;
    const ip = '203.0.113.51';
    for (let i = 0; i < PORTAL_LIMITS.missPerIp.max; i += 1) {
      const miss = await t.call('GET', `/api/portal/track/ZZZZZZZZ${String(i).padStart(2, '0')}`, {
        ip,
      });
      expect(miss.statusCode).toBe(404);
    }
    const blocked = await t.call('GET', `/api/portal/track/${code}`, { ip });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const receipt = await t.call('GET', `/api/portal/track/${code}/receipt`, { ip });
    expect(receipt.statusCode).toBe(429);
    const elsewhere = await t.call('GET', `/api/portal/track/${code}`, { ip: '203.0.113.52' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('also limits bursts of lookups of a known code in-process (30 per minute)', async () => {
    const res = await submit(t, '203.0.113.60', request());
    const code = res.json<{ trackingCode: string }>().trackingCode;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) {
      statuses.push(
        (await t.call('GET', `/api/portal/track/${code}`, { ip: '203.0.113.61' })).statusCode,
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('码上办 QR code', () => {
  it('encodes PUBLIC_BASE_URL/portal?region=<code> as SVG or PNG for a region in scope', async () => {
    const { cookie } = await t.f.as({ roles: ['clerk'], regionCode: TREE.T1 });
    const svg = await t.call('GET', `/api/portal/qr/${TREE.V1a}?format=svg`, { cookie });
    expect(svg.statusCode, svg.body).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const expected = await qrSvg(`${BASE}/portal?region=${TREE.V1a}`, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    expect(svg.body).toBe(expected);
    const png = await t.call('GET', `/api/portal/qr/${TREE.V1a}?format=png`, { cookie });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const foreign = await t.call('GET', `/api/portal/qr/${TREE.V2a}`, { cookie });
    expect(foreign.statusCode).toBe(404);
    expect((await t.call('GET', `/api/portal/qr/${TREE.V1a}`)).statusCode).toBe(401);
  });
});
