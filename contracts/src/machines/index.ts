import type { TMatterStatus, TMatterType } from '../matters/constants.ts';
import { BASE_MACHINE, type TAction, type TTransition } from './base.ts';

export * from './base.ts';

/**
 * Per-type extensions add or replace rows of the base loop (a type never gets its own engine).
 * They start empty: 信访, 调解 and 12345 add their steps here as their modules arrive.
 */
const EXTENSIONS: Partial<Record<TMatterType, readonly TTransition[]>> = {};

export function machineFor(type: TMatterType): readonly TTransition[] {
  const extra = EXTENSIONS[type] ?? [];
  const replaced = new Set(extra.map((t) => t.action));
  return [...BASE_MACHINE.filter((t) => !replaced.has(t.action)), ...extra];
}

export function transitionFor(
  type: TMatterType,
  status: TMatterStatus,
  action: TAction,
): TTransition | null {
  return machineFor(type).find((t) => t.action === action && t.from.includes(status)) ?? null;
}
