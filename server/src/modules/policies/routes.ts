import { DICT_ENDPOINTS } from '@fengqiao/contracts/dicts/endpoints.ts';
import { POLICY_ENDPOINTS } from '@fengqiao/contracts/policies/endpoints.ts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { createPolicy, listPolicies, updatePolicy } from './deadline-policies.ts';
import { createDictItem, deleteDictItem, getDictTree, updateDictItem } from './dicts.ts';
import { listAdmissions, upsertAdmission } from './grid-admissions.ts';

/** Deadline policies, the 网格事项准入清单 and the code tables: national configuration. */
export const policyRoutes: RouteDef[] = [
  route(POLICY_ENDPOINTS['policies.list'], (ctx) => listPolicies(ctx.tx)),
  route(POLICY_ENDPOINTS['policies.create'], (ctx, { body }) => createPolicy(ctx, body)),
  route(POLICY_ENDPOINTS['policies.update'], (ctx, { params, body }) =>
    updatePolicy(ctx, params.id, body),
  ),
  route(POLICY_ENDPOINTS['admissions.list'], (ctx) => listAdmissions(ctx.tx)),
  route(POLICY_ENDPOINTS['admissions.upsert'], (ctx, { body }) => upsertAdmission(ctx, body)),
  route(DICT_ENDPOINTS['dicts.get'], (ctx, { params, query }) =>
    getDictTree(ctx.tx, params.dict, query.includeInactive === 'true'),
  ),
  route(DICT_ENDPOINTS['dicts.create'], (ctx, { params, body }) =>
    createDictItem(ctx, params.dict, body),
  ),
  route(DICT_ENDPOINTS['dicts.update'], (ctx, { params, body }) =>
    updateDictItem(ctx, params.dict, params.code, body),
  ),
  route(DICT_ENDPOINTS['dicts.delete'], (ctx, { params }) =>
    deleteDictItem(ctx, params.dict, params.code),
  ),
];
