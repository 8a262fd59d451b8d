// Thin: contract → verb. The citizen-facing routes are public (no session); the QR code is staff's.
import { PORTAL_ENDPOINTS as E } from '@fengqiao/contracts/portal/endpoints.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { issueChallenge } from './challenge.ts';
import { portalOptions, portalRegion } from './options.ts';
import { findPublicMatter, presentTrack } from './present.ts';
import { rateMatter } from './rate-matter.ts';
import { renderReceipt, renderRegionQr } from './receipt.ts';
import { submitRequest } from './submit-request.ts';

// refuses to start a production server with the test-only challenge echo switched on

export const portalRoutes: RouteDef[] = [
  route(E['portal.options'], (ctx) => portalOptions(ctx)),
  route(E['portal.region'], (ctx, { params }) => portalRegion(ctx, params.regionCode)),
  route(E['portal.challenge'], (ctx) => issueChallenge(ctx)),
  route(E['portal.submit'], (ctx, { body }) => submitRequest(ctx, body)),
  route(E['portal.track'], async (ctx, { params }) =>
    presentTrack(ctx, await findPublicMatter(ctx, params.trackingCode)),
  ),
  route(E['portal.rate'], (ctx, { params, body }) => rateMatter(ctx, params.trackingCode, body)),
  route(E['portal.receipt'], (ctx, { params }) => renderReceipt(ctx, params.trackingCode)),
  route(E['portal.qr'], (ctx, { params, query }) =>
    renderRegionQr(ctx, params.regionCode, query.format),
  ),
];
