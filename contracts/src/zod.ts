// One zod instance for contracts, server and web, with Chinese messages for users.
import { z } from 'zod';
import { zhCN } from 'zod/locales';

z.config(zhCN());
// In the browser, a strict CSP forbids eval: skip zod's compiled fast path there.
if (typeof globalThis === 'object' && 'document' in globalThis) {
  z.config({ jitless: true });
}

export { z };
