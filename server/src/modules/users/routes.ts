import { ENDPOINTS } from '@fengqiao/contracts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { listUsers } from './queries.ts';
import { presentUser } from './presenter.ts';
import {
  createUser,
  disableUser,
  enableUser,
  getUser,
  resetPassword,
  setRoles,
  unlockUser,
  updateUser,
} from './service.ts';

export const userRoutes: RouteDef[] = [
  route(ENDPOINTS['users.list'], async (ctx, { query }) => {
    const rows = await listUsers(ctx.tx, ctx.scope(), query);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => presentUser(r, ctx.deps.cipher, ctx.clock.now())),
      nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null,
    };
  }),
  route(ENDPOINTS['users.get'], (ctx, { params }) => getUser(ctx, params.id)),
  route(ENDPOINTS['users.create'], (ctx, { body }) => createUser(ctx, body)),
  route(ENDPOINTS['users.update'], (ctx, { params, body }) => updateUser(ctx, params.id, body)),
  route(ENDPOINTS['users.disable'], (ctx, { params, body }) =>
    disableUser(ctx, params.id, body.reason),
  ),
  route(ENDPOINTS['users.enable'], (ctx, { params }) => enableUser(ctx, params.id)),
  route(ENDPOINTS['users.resetPassword'], (ctx, { params, body }) =>
    resetPassword(ctx, params.id, body.newPassword),
  ),
  route(ENDPOINTS['users.unlock'], (ctx, { params }) => unlockUser(ctx, params.id)),
  route(ENDPOINTS['users.setRoles'], (ctx, { params, body }) =>
    setRoles(ctx, params.id, body.roles),
  ),
];
