import type { TIdNumberErrorCode } from '@fengqiao/contracts/validators/id-number.ts';

/** What each GB 11643 failure means to the person typing it (the server words them alike). */
export const ID_MESSAGES: Record<TIdNumberErrorCode, string> = {
  FORMAT: '身份证号应为 18 位（或 15 位旧号）',
  REGION: '身份证号前两位不是有效的省级代码',
  BIRTH_DATE: '身份证号中的出生日期无效',
  CHECK: '身份证号校验码不正确（GB 11643）',
};
