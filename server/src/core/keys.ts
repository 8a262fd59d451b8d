import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.ts';
import { generateKey, parseKey } from './crypto.ts';

/**
 * The field-encryption key lives outside the database (SECURITY.md E2): FENGQIAO_KEY in
 * production; in demo mode a key is generated once into the data folder (mode 0600).
 */
export async function loadFieldKey(config: Config): Promise<Buffer> {
  if (config.key !== null) {
    return parseKey(config.key);
  }
  const file = path.join(config.dataDir, 'field.key');
  if (existsSync(file)) {
    return parseKey((await readFile(file, 'utf8')).trim());
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = generateKey();
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return parseKey(key);
}
