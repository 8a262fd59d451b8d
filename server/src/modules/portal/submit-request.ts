// 群众网上提交: a citizen's request becomes a matter (channel 'online') of the region's nearest
// center, through the same registerMatter as a walk-in, acting as that center's portal account
// (system-actor.ts). The description is stored as typed — staff need it — and is scrubbed
// wherever it is shown publicly (present.ts).
import type { TMatterType, TRegisterMatter } from '@fengqiao/contracts';
import type { TPortalSubmit } from '@fengqiao/contracts/portal/schemas.ts';
import { sql } from '../../core/db/sql.ts';
import { fieldError } from '../../core/errors.ts';
import type { RequestCtx } from '../../core/http/context.ts';
import { notifyUnits } from '../matters/notify-units.ts';
import { registerMatter } from '../matters/register-matter.ts';
import { consumeChallenge } from './challenge.ts';
import { assertPublicCategory } from './options.ts';
import { receiptPath } from './present.ts';
import { actAsCenter } from './system-actor.ts';
import { assertEventsBelow, ipKey, phoneKey, PORTAL_LIMITS, recordEvent } from './throttle.ts';

/** The matter type a category implies, by its root in the dictionary (DOMAIN.md §5). */
const TYPE_OF_ROOT: Partial<Record<string, TMatterType>> = {
  D: 'dispute',
  P: 'petition',
  H: 'livelihood',
  S: 'security_hazard',
  G: 'grid_event',
  U: 'grid_event',
};
const TYPE_OF_CATEGORY: Partial<Record<string, TMatterType>> = {
  H1: 'consultation',
  H4: 'tip_off',
};

export function typeOfCategory(code: string): TMatterType {
  return TYPE_OF_CATEGORY[code] ?? TYPE_OF_ROOT[code.charAt(0)] ?? 'livelihood';
}

/** The center of the region itself or the closest one above it (村 → 乡镇 → 县). */
async function nearestCenter(ctx: RequestCtx, regionCode: string): Promise<number> {
  const region = await ctx.tx.maybeOne(sql`SELECT 1 FROM region WHERE code = ${regionCode}`);
  if (region === undefined) {
    throw fieldError('regionCode', '所选区划不存在', 'not_found');
  }
  const center = await ctx.tx.maybeOne<{ id: number }>(sql`
    SELECT id FROM unit WHERE kind = 'center' AND ${regionCode} LIKE region_code || '%'
    ORDER BY length(region_code) DESC, id LIMIT 1`);
  if (center === undefined) {
    throw fieldError('regionCode', '该区划尚未开通网上受理', 'no_center');
  }
  return center.id;
}

function registration(input: TPortalSubmit): TRegisterMatter {
  const contact = input.contact;
  return {
    type: typeOfCategory(input.categoryCode),
    categoryCode: input.categoryCode,
    channel: 'online',
    description: input.description,
    regionCode: input.regionCode,
    ...(input.point === undefined ? {} : { point: input.point }),
    anonymous: contact === undefined,
    ...(contact === undefined
      ? {}
      : {
          reporter: {
            name: contact.name,
            ...(contact.phone === undefined ? {} : { phone: contact.phone }),
          },
        }),
    parties: [],
    urgent: false,
    collective: false,
    repeat: false,
    attachmentIds: [],
    acceptNow: false,
  };
}

export async function submitRequest(
  ctx: RequestCtx,
  input: TPortalSubmit,
): Promise<{ trackingCode: string; receiptUrl: string }> {
  const ip = ipKey(ctx);
  await assertEventsBelow(ctx, 'submit', { ip }, PORTAL_LIMITS.submitPerIp);
  // used up before anything else can fail: a wrong answer commits the use and answers 400
  await consumeChallenge(ctx, input.challengeId, input.answer);
  const phone = input.contact?.phone;
  const phoneHash = phone === undefined ? null : phoneKey(ctx, phone);
  if (phoneHash !== null) {
    await assertEventsBelow(ctx, 'submit', { phone: phoneHash }, PORTAL_LIMITS.submitPerPhone);
  }
  await assertPublicCategory(ctx, input.categoryCode);
  const centerId = await nearestCenter(ctx, input.regionCode);
  const asCenter = await actAsCenter(ctx, centerId, ['matter.read', 'matter.register']);
  const matter = await registerMatter(asCenter, registration(input));
  await recordEvent(ctx, 'submit', ip, phoneHash);
  // registerMatter tells the owner only when someone else registered; here the owner is "us"
  await notifyUnits(
    ctx,
    new Map([[centerId, { kind: 'registered', title: '群众网上提交新诉求，待受理' }]]),
    { matterId: matter.id, code: matter.code, title: matter.title },
  );
  return { trackingCode: matter.trackingCode, receiptUrl: receiptPath(matter.trackingCode) };
}
