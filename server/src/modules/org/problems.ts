// Rule violations found by the org verbs, as field errors: the API throws them, the Excel
// imports report them per row, so both apply exactly the same rules.
import type { TFieldError } from '@fengqiao/contracts';
import { AppError } from '../../core/errors.ts';

export const OUT_OF_SCOPE = '不存在或不在管辖范围内';

export function problem(path: string, code: string, message: string): TFieldError {
  return { path, code, message };
}

/** 409 when the only trouble is a taken name or code, else 400 with every field error. */
export function throwIfProblems(problems: readonly TFieldError[]): void {
  if (problems.length === 0) {
    return;
  }
  const conflict = problems.every((p) => p.code === 'taken');
  throw new AppError(conflict ? 'resource.conflict' : 'request.invalid', { fields: [...problems] });
}
