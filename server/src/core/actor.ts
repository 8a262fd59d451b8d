import type { TPermission, TRole, TSessionStage } from '@fengqiao/contracts';

/** The authenticated caller, loaded fresh from the database on every request (B7). */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitKind: string;
  /** Region of the caller's unit: the root of the default data scope. */
  regionCode: string;
  roles: TRole[];
  permissions: TPermission[];
  sessionId: string;
  stage: TSessionStage;
  clearance: number;
  isDemo: boolean;
}

export function hasPermission(actor: Actor, permission: TPermission): boolean {
  return actor.permissions.includes(permission);
}
