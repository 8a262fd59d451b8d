// Stable error codes (for programs) with the HTTP status and the Chinese message users read.

export const ERRORS = {
  'request.invalid': { status: 400, message: '请求内容有误，请检查标出的字段' },
  'request.invalid_json': { status: 400, message: '请求内容不是有效的 JSON' },
  'request.too_large': { status: 413, message: '请求内容过大' },
  'request.unsupported_media': { status: 415, message: '不支持的内容类型' },
  'request.rate_limited': { status: 429, message: '操作过于频繁，请稍后再试' },
  'route.not_found': { status: 404, message: '请求的地址不存在' },
  'resource.not_found': { status: 404, message: '对象不存在或无权访问' },
  'resource.conflict': { status: 409, message: '数据已存在，不能重复创建' },
  'resource.in_use': { status: 409, message: '仍有数据引用该对象，不能删除' },
  'resource.stale': { status: 409, message: '数据已被他人修改，请刷新后重试' },
  'auth.required': { status: 401, message: '请先登录' },
  'auth.session_expired': { status: 401, message: '登录已超时，请重新登录' },
  'auth.invalid_credentials': { status: 401, message: '用户名或密码错误' },
  'auth.locked': { status: 423, message: '连续登录失败次数过多，账号已临时锁定' },
  'auth.disabled': { status: 401, message: '用户名或密码错误' },
  'auth.totp_required': { status: 401, message: '请输入动态验证码' },
  'auth.totp_invalid': { status: 401, message: '动态验证码错误或已使用' },
  'auth.totp_not_enrolled': { status: 409, message: '尚未绑定动态验证码' },
  'auth.totp_enrolment_required': { status: 403, message: '管理员账号须先绑定动态验证码' },
  'auth.password_change_required': { status: 403, message: '请先修改密码' },
  'auth.password_expired': { status: 403, message: '密码已过期，请修改密码' },
  'auth.wrong_password': { status: 400, message: '原密码错误' },
  'auth.mfa_pending': { status: 403, message: '请先完成动态验证码验证' },
  'permission.denied': { status: 403, message: '没有执行该操作的权限' },
  'permission.separation_of_duties': {
    status: 409,
    message: '三权分立：系统管理员、安全管理员、审计管理员角色不能兼任，也不能与业务角色兼任',
  },
  'permission.self_grant': { status: 403, message: '不能给自己授予角色' },
  'org.invalid_parent': { status: 400, message: '上级区划与代码层级不符' },
  'org.recode_conflict': { status: 409, message: '新区划代码已被使用' },
  'import.invalid_file': { status: 400, message: '无法读取上传的 Excel 文件' },
  'request.idempotency_mismatch': {
    status: 422,
    message: '同一个幂等键已用于内容不同的请求',
  },
  'matter.invalid_transition': { status: 409, message: '事项当前状态不允许该操作' },
  'matter.not_your_task': { status: 403, message: '该事项不在本单位的办理范围内，不能执行该操作' },
  'matter.assignment_not_open': { status: 409, message: '本单位没有待签收或办理中的任务' },
  'matter.extension_pending': { status: 409, message: '已有待审批的延期申请' },
  'matter.no_pending_extension': { status: 409, message: '没有待审批的延期申请' },
  'matter.already_closed': { status: 409, message: '事项在本轮办理中已结案，不能重复结案' },
  'matter.no_parent_center': { status: 409, message: '没有可上报的上级综治中心' },
  'matter.grid_not_admitted': {
    status: 400,
    message: '该事项未列入网格事项准入清单，不能下派网格',
  },
  'matter.limit_too_long': { status: 400, message: '办理时限超过政策或法定时限' },
  'matter.extension_over_cap': { status: 400, message: '延期超过允许的上限' },
  'matter.reveal_denied': { status: 403, message: '无权查看该项个人信息' },
  'matter.merge_invalid': { status: 400, message: '不能并入该事项' },
  'audit.write_failed': { status: 503, message: '审计日志写入失败，操作已取消' },
  'server.unavailable': { status: 503, message: '服务暂时不可用，请稍后再试' },
  'server.error': { status: 500, message: '服务器内部错误' },
} as const satisfies Record<string, { status: number; message: string }>;

export type TErrorCode = keyof typeof ERRORS;

export interface TFieldError {
  path: string;
  code: string;
  message: string;
}

export interface TErrorBody {
  code: TErrorCode;
  message: string;
  fields?: TFieldError[];
  requestId: string;
  details?: Record<string, unknown>;
}
