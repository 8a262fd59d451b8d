import { reactive } from 'vue';
import type { z } from '@fengqiao/contracts';
import { fieldErrorsOf } from '../api/errors.ts';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') {
      return undefined;
    }
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The small adapter between zod (contract schemas, server answers) and Element Plus form items:
 * one map from a field path ("reporter.idNumber") to its message, bound as `:error`.
 */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const k of Object.keys(errors)) {
      Reflect.deleteProperty(errors, k);
    }
  }

  function set(map: Record<string, string>): void {
    clear();
    Object.assign(errors, map);
  }

  /**
   * Maps issues of a failed safeParse; the first message per path wins. An empty required field
   * says so, instead of zod's "期望 number，实际接收 undefined".
   */
  function fromIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): void {
    const map: Record<string, string> = {};
    for (const issue of issues) {
      const path = issue.path.map(String).join('.');
      const value = valueAt(input, issue.path);
      const missing =
        (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
        (value === undefined || value === null || value === '');
      // zod's own wording starts with 数值过小; a schema's custom message is kept
      const blank =
        issue.code === 'too_small' && value === '' && issue.message.startsWith('数值过小');
      map[path] ??= missing || blank ? '此项为必填项' : issue.message;
    }
    set(map);
  }

  function fromError(err: unknown): boolean {
    const map = fieldErrorsOf(err);
    set(map);
    return Object.keys(map).length > 0;
  }

  /** The message for a path, or for any of its children (a row of parties, a point). */
  function at(path: string): string {
    return errors[path] ?? '';
  }

  return { errors, clear, set, fromIssues, fromError, at };
}

export type FieldErrors = ReturnType<typeof useFieldErrors>;
