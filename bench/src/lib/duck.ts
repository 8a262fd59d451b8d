// DuckDB over the same rows: exported from PostgreSQL with COPY (psql \copy, CSV), loaded into
// an in-memory DuckDB table, queried with the dashboard page's questions in DuckDB SQL (dashboard/page.ts).
import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

const run = promisify(execFile);

export const EXPORT_COLUMNS = `id, type, category_code, channel, status, warning, urgent, region_code,
  registered_at AT TIME ZONE 'Asia/Shanghai' AS registered_at,
  closed_at AT TIME ZONE 'Asia/Shanghai' AS closed_at,
  due_at AT TIME ZONE 'Asia/Shanghai' AS due_at, satisfaction, reopen_count, arose_level,
  resolved_level`;

const DUCK_COLUMNS = `{'id': 'BIGINT', 'type': 'VARCHAR', 'category_code': 'VARCHAR', 'channel': 'VARCHAR',
  'status': 'VARCHAR', 'warning': 'VARCHAR', 'urgent': 'BOOLEAN', 'region_code': 'VARCHAR',
  'registered_at': 'TIMESTAMP', 'closed_at': 'TIMESTAMP', 'due_at': 'TIMESTAMP', 'satisfaction': 'SMALLINT',
  'reopen_count': 'INTEGER', 'arose_level': 'SMALLINT', 'resolved_level': 'SMALLINT'}`;

export interface DuckLoad {
  connection: DuckDBConnection;
  exportSeconds: number;
  loadSeconds: number;
  csvBytes: number;
  rows: number;
  close(): Promise<void>;
}

export async function exportAndLoad(databaseUrl: string, tag: string): Promise<DuckLoad> {
  const file = path.join(tmpdir(), `fq-bench-${tag}-matter.csv`);
  const t0 = performance.now();
  await run('psql', [
    databaseUrl,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy (SELECT ${EXPORT_COLUMNS.replace(/\s+/g, ' ')} FROM matter) TO '${file}' WITH (FORMAT csv)`,
  ]);
  const exportSeconds = (performance.now() - t0) / 1000;
  const csvBytes = (await stat(file)).size;
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const t1 = performance.now();
  await connection.run(
    `CREATE TABLE matter AS SELECT * FROM read_csv('${file}', header = false, columns = ${DUCK_COLUMNS.replace(/\s+/g, ' ')})`,
  );
  const loadSeconds = (performance.now() - t1) / 1000;
  const count = await connection.runAndReadAll('SELECT count(*)::BIGINT AS n FROM matter');
  const rows = Number(count.getRowObjects()[0]?.n ?? 0);
  await rm(file, { force: true });
  return {
    connection,
    exportSeconds,
    loadSeconds,
    csvBytes,
    rows,
    close() {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}
