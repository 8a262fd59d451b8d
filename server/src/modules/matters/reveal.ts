import type { z, ZRevealRequest } from '@fengqiao/contracts';
import { sql } from '../../core/db/sql.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { loadFacts } from './facts.ts';
import { reporterVisibility } from './presenter.ts';
import { findMatter } from './queries.ts';

type Reveal = z.output<typeof ZRevealRequest>;

const COLUMN = { name: 'name_enc', phone: 'phone_enc', idNumber: 'idno_enc' } as const;

/**
 * 查看完整个人信息 (SECURITY.md H4): needs `pii.reveal`, a reason, and a field the masking table
 * lets the caller see at all; writes an audit row naming the field (never the value), answers
 * with `no-store`, and is limited to 20 an hour per caller by the route's rate limit.
 */
export async function revealField(
  ctx: RequestCtx,
  id: number,
  req: Reveal,
): Promise<{ value: string | null }> {
  const m = await findMatter(ctx.tx, id, ctx.scope());
  if (m === undefined) {
    throw notFound();
  }
  const [who, field] = req.field.split('.') as ['reporter' | 'party', keyof typeof COLUMN];
  let stored: string | null;
  if (who === 'reporter') {
    const facts = await loadFacts(ctx.tx, m, ctx.me());
    if (reporterVisibility(m, facts) === 'hidden') {
      throw new AppError('matter.reveal_denied');
    }
    stored = {
      name: m.reporter_name_enc,
      phone: m.reporter_phone_enc,
      idNumber: m.reporter_idno_enc,
    }[field];
  } else {
    if (req.partyId === undefined) {
      throw fieldError('partyId', '请指定当事人', 'required');
    }
    const party = await ctx.tx.maybeOne<Record<string, string | null>>(sql`
      SELECT name_enc, phone_enc, idno_enc FROM matter_party WHERE id = ${req.partyId} AND matter_id = ${m.id}`);
    if (party === undefined) {
      throw fieldError('partyId', '当事人不存在', 'not_found');
    }
    stored = party[COLUMN[field]] ?? null;
  }
  await ctx.audit({
    event: 'matters.reveal',
    targetType: 'matter',
    targetId: m.id,
    regionCode: m.region_code,
    reason: req.reason,
    details: { field: req.field, partyId: req.partyId ?? null },
  });
  void ctx.reply.header('Cache-Control', 'no-store');
  return { value: stored === null ? null : ctx.deps.cipher.decrypt(stored) };
}
