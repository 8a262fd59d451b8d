// Batched inserts through node-postgres using COPY … FROM STDIN (text format) into a session
// staging table, then one INSERT … SELECT that applies the product's own expressions
// (to_tsvector('simple', …), to_timestamp, ::jsonb). Two batches are in flight on two
// connections, so the generator builds the next batch while the server writes the last one.
import type { PoolClient } from 'pg';
import type { Db } from '@fengqiao/server/core/db/db.ts';

export interface Column {
  name: string;
  /** Staging type, e.g. 'bigint', 'text', 'float8'. */
  type: string;
  /** SQL over the staging alias `u` producing the stored value; default `u.<name>`. */
  expr?: string;
}

/** COPY text format: \N for NULL, backslash escapes for the separators. */
function encode(v: unknown): string {
  if (v === null || v === undefined) {
    return '\\N';
  }
  if (typeof v === 'boolean') {
    return v ? 't' : 'f';
  }
  if (typeof v === 'number') {
    return String(v);
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

export class Batch {
  readonly table: string;
  readonly columns: readonly Column[];
  readonly stage: string;
  readonly createStage: string;
  readonly insert: string;
  readonly unnest: string;
  #rows: unknown[][] = [];
  constructor(table: string, columns: readonly Column[], overriding = true) {
    this.table = table;
    this.columns = columns;
    this.stage = `bench_stage_${table}`;
    const names = columns.map((c) => c.name).join(', ');
    this.createStage = `CREATE TEMP TABLE IF NOT EXISTS ${this.stage} (${columns
      .map((c) => `${c.name} ${c.type}`)
      .join(', ')})`;
    const exprs = columns.map((c) => c.expr ?? `u.${c.name}`).join(', ');
    const head = `INSERT INTO ${table} (${names}) ${overriding ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT ${exprs} FROM`;
    this.insert = `${head} ${this.stage} u`;
    const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    this.unnest = `${head} unnest(${params}) AS u(${names})`;
  }

  get size(): number {
    return this.#rows.length;
  }

  /** Appends one row; values in column order. */
  push(...values: unknown[]): void {
    this.#rows.push(values);
  }

  /** The rows so far, and empties the batch. */
  take(): unknown[][] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }

  /** COPY text payload of `rows`. */
  static copyText(rows: readonly unknown[][]): Buffer {
    return Buffer.from(rows.map((r) => r.map(encode).join('\t')).join('\n') + '\n', 'utf8');
  }

  /** One array per column of `rows`, for `unnest`. */
  static columnsOf(rows: readonly unknown[][], width: number): unknown[][] {
    return Array.from({ length: width }, (_, i) => rows.map((r) => r[i] ?? null));
  }
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A node-postgres submittable that streams one buffer into `COPY … FROM STDIN`. */
class CopyIn {
  readonly #text: string;
  readonly #data: Buffer;
  #error: unknown = null;
  readonly done: Promise<void>;
  #settle: (err: unknown) => void = () => undefined;
  constructor(text: string, data: Buffer) {
    this.#text = text;
    this.#data = data;
    this.done = new Promise<void>((resolve, reject) => {
      this.#settle = (err) => {
        if (err === null) {
          resolve();
        } else {
          reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        }
      };
    });
  }

  submit(connection: unknown): void {
    (connection as CopyConnection).query(this.#text);
  }

  handleCopyInResponse(connection: unknown): void {
    const c = connection as CopyConnection;
    const CHUNK = 1 << 20;
    for (let i = 0; i < this.#data.length; i += CHUNK) {
      c.sendCopyFromChunk(this.#data.subarray(i, i + CHUNK));
    }
    c.endCopyFrom();
  }

  handleError(err: unknown): void {
    this.#error = err;
  }

  handleReadyForQuery(): void {
    this.#settle(this.#error);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

type Client = PoolClient;

/** Sends batches with a bounded number in flight, one connection each; `drain()` waits for all. */
export class Writer {
  readonly #db: Db;
  readonly #max: number;
  readonly #free: Client[] = [];
  readonly #staged = new Map<Client, Set<string>>();
  readonly #inFlight: Promise<unknown>[] = [];
  rows = 0;
  /** Server time per table (ms, rows), to see where a load spends its time. */
  readonly stats = new Map<string, { ms: number; rows: number }>();
  constructor(db: Db, maxInFlight = 2) {
    this.#db = db;
    // PGlite is one connection: a second batch in flight would wait for a client forever
    this.#max = db.kind === 'pglite' ? 1 : maxInFlight;
  }

  async #client(): Promise<Client> {
    const c = this.#free.pop() ?? (await this.#db.pool.connect());
    if (!this.#staged.has(c)) {
      this.#staged.set(c, new Set());
      if (this.#db.kind === 'postgresql') {
        await c.query('SET synchronous_commit = off');
        // staging batches stay in memory (the default 8 MB spills a batch of wide rows to disk)
        await c.query("SET temp_buffers = '256MB'");
      }
    }
    return c;
  }

  async #send(c: Client, batch: Batch, rows: unknown[][]): Promise<void> {
    const t0 = performance.now();
    if (this.#db.kind === 'pglite') {
      // PGlite's socket server has no COPY sub-protocol: one unnest INSERT instead
      await c.query(batch.unnest, Batch.columnsOf(rows, batch.columns.length));
    } else {
      const staged = this.#staged.get(c) ?? new Set<string>();
      if (!staged.has(batch.stage)) {
        await c.query(batch.createStage);
        staged.add(batch.stage);
      }
      const copy = new CopyIn(`COPY ${batch.stage} FROM STDIN`, Batch.copyText(rows));
      // a submittable: query() hands it the connection and returns it, not a promise
      void c.query(copy as unknown as Parameters<Client['query']>[0]);
      await copy.done;
      await c.query(batch.insert);
      await c.query(`TRUNCATE ${batch.stage}`);
    }
    const s = this.stats.get(batch.table) ?? { ms: 0, rows: 0 };
    s.ms += performance.now() - t0;
    s.rows += rows.length;
    this.stats.set(batch.table, s);
  }

  async flush(batch: Batch): Promise<void> {
    if (batch.size === 0) {
      return;
    }
    const rows = batch.take();
    this.rows += rows.length;
    while (this.#inFlight.length >= this.#max) {
      await this.#inFlight.shift();
    }
    const c = await this.#client();
    const p = this.#send(c, batch, rows).finally(() => {
      this.#free.push(c);
    });
    // a rejection is surfaced by drain() or a later flush; never left unhandled
    p.catch(() => undefined);
    this.#inFlight.push(p);
  }

  async drain(): Promise<void> {
    while (this.#inFlight.length > 0) {
      await this.#inFlight.shift();
    }
  }

  /** Waits for all batches and returns the connections to the pool. */
  async close(): Promise<void> {
    await this.drain();
    for (const c of this.#free.splice(0)) {
      for (const stage of this.#staged.get(c) ?? []) {
        await c.query(`DROP TABLE IF EXISTS ${stage}`);
      }
      c.release();
    }
  }
}
