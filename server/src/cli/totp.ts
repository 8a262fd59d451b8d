// npm run totp -- <username>: prints the current TOTP code of a demo admin (demo mode only).
// Reads the demo secrets file written at seeding, so it never opens the database that a running
// server holds (PGlite allows one process per data folder).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import { totpNow } from '../modules/auth/totp.ts';

const username = process.argv[2];
const config = loadConfig();
if (config.mode === 'production') {
  console.error('npm run totp 只用于演示模式');
  process.exit(2);
}
const file = path.join(config.dataDir, 'demo-totp.json');
const secrets = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<
  string,
  string
>;
if (username === undefined || secrets[username.toLowerCase()] === undefined) {
  console.error(
    `用法: npm run totp -- <用户名>   可用: ${Object.keys(secrets).join(', ') || '(请先 npm start 生成演示数据)'}`,
  );
  process.exit(2);
}
const secret = secrets[username.toLowerCase()] ?? '';
console.log(`${username} 当前动态验证码: ${totpNow(secret, new Date())}`);
