import type { TRole } from '@fengqiao/contracts';
import type { MatterFactory, Actor } from '../matters.ts';
import type { TestApp } from '../test-app.ts';

/**
 * How the permission matrix reaches one scoped endpoint. `build` creates whatever the request
 * needs inside `regionCode` (a fixture region code from TREE) and returns the request.
 *
 * - `out: 404`: the target is addressed by path (get, update, delete): out of scope must look missing.
 * - `out: 400`: the out-of-scope id travels in the body or query (B4): a field error, nothing written.
 * - `out: 'absent'`: a list or aggregate: in scope the built row is visible (`marker` appears, or
 *   `visible(json)` holds), out of scope it is not.
 */
export interface MatrixRequest {
  url: string;
  body?: unknown;
  /** Raw body (e.g. an .xlsx upload) with its content type, instead of JSON. */
  raw?: { contentType: string; payload: Buffer };
  marker?: string;
  visible?: (json: unknown) => boolean;
  out: 404 | 400 | 'absent';
}

export interface MatrixEnv {
  matters: MatterFactory;
  /** The actor the runner will send the request as. */
  actor: Actor;
}

export interface MatrixTarget {
  /** A role holding the endpoint's permission. */
  role: TRole;
  /** Where the actor sits: the center of township T1 (default) or a department of T1. */
  actorAt?: 'center' | 'department';
  build(t: TestApp, regionCode: string, env: MatrixEnv): Promise<MatrixRequest>;
}

export type MatrixTargets = Record<string, MatrixTarget>;
