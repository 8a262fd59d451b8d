export const VERSION_INFO = {
  title: '枫桥 Fengqiao API',
  version: '0.1.0',
  description: '综治中心一体化平台接口。错误统一为 { code, message, fields?, requestId }。',
};
