import type { TRole } from '@fengqiao/contracts';
import type { TestApp } from '../test-app.ts';

/**
 * How the permission matrix reaches one scoped endpoint. `build` creates whatever the request
 * needs inside `regionCode` (a fixture region code from TREE) and returns the request.
 *
 * - `out: 404`: the target is addressed by path (get, update, delete): out of scope must look missing.
 * - `out: 400`: the out-of-scope id travels in the body or query (B4): a field error, nothing written.
 * - `out: 'absent'`: a list: the in-scope call lists `marker`, the out-of-scope call does not.
 */
export interface MatrixRequest {
  url: string;
  body?: unknown;
  /** Raw body (e.g. an .xlsx upload) with its content type, instead of JSON. */
  raw?: { contentType: string; payload: Buffer };
  marker?: string;
  out: 404 | 400 | 'absent';
}

export interface MatrixTarget {
  /** A role holding the endpoint's permission; the actor sits at the center of township T1. */
  role: TRole;
  build(t: TestApp, regionCode: string): Promise<MatrixRequest>;
}

export type MatrixTargets = Record<string, MatrixTarget>;
