// One zod instance for contracts, server and web, with Chinese messages for users.
import { z } from 'zod';
import { zhCN } from 'zod/locales';

z.config(zhCN());

export { z };
