import { defineEndpoints, type TAccess } from '../endpoint.ts';
import { ZOk } from '../common.ts';
import {
  ZCreateDictItem,
  ZDictItem,
  ZDictItemParams,
  ZDictParams,
  ZDictQuery,
  ZDictTree,
  ZUpdateDictItem,
} from './schemas.ts';

// Code tables are deployment-wide configuration: no data scope.
const manage: TAccess = {
  permission: 'dict.manage',
  scoped: false,
  pii: false,
  audit: true,
  idempotent: false,
};

export const DICT_ENDPOINTS = defineEndpoints({
  'dicts.get': {
    method: 'GET',
    path: '/api/dicts/:dict',
    tag: 'dicts',
    summary: '字典树（如事项类别）',
    params: ZDictParams,
    query: ZDictQuery,
    response: ZDictTree,
    access: { permission: 'org.read', scoped: false, pii: false, audit: false, idempotent: true },
  },
  'dicts.create': {
    method: 'POST',
    path: '/api/dicts/:dict',
    tag: 'dicts',
    summary: '新增字典项',
    params: ZDictParams,
    body: ZCreateDictItem,
    response: ZDictItem,
    status: 201,
    access: manage,
  },
  'dicts.update': {
    method: 'PATCH',
    path: '/api/dicts/:dict/:code',
    tag: 'dicts',
    summary: '修改字典项（改名、排序、移动、停用）',
    params: ZDictItemParams,
    body: ZUpdateDictItem,
    response: ZDictItem,
    access: manage,
  },
  'dicts.delete': {
    method: 'DELETE',
    path: '/api/dicts/:dict/:code',
    tag: 'dicts',
    summary: '删除未被使用的非内置字典项（内置项只能停用）',
    params: ZDictItemParams,
    response: ZOk,
    access: manage,
  },
});
