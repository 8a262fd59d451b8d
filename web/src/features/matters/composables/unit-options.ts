import { STATION_MODES } from '@fengqiao/contracts';
import { stationsAt, unitsIn } from '../../org/api.ts';

export interface UnitOption {
  id: number;
  name: string;
  hint: string;
}
export interface UnitGroup {
  label: string;
  options: UnitOption[];
}

/**
 * Units a matter may be dispatched to: departments stationed at the owning center (reachable
 * even outside the dispatcher's region), then the units in the dispatcher's own region.
 */
export async function dispatchTargets(
  regionCode: string,
  ownerUnitId: number,
): Promise<UnitGroup[]> {
  const [stations, departments, centers, mediation] = await Promise.all([
    stationsAt(ownerUnitId),
    unitsIn(regionCode, 'department'),
    unitsIn(regionCode, 'center'),
    unitsIn(regionCode, 'mediation_org'),
  ]);
  const stationed = new Set(stations.map((s) => s.departmentId));
  const groups: UnitGroup[] = [
    {
      label: '入驻本中心的部门',
      options: stations.map((s) => ({
        id: s.departmentId,
        name: s.departmentName,
        hint: `${STATION_MODES[s.mode]}${s.timetable === null ? '' : ` · ${s.timetable}`}`,
      })),
    },
    {
      label: '职能部门',
      options: departments
        .filter((u) => !stationed.has(u.id))
        .map((u) => ({ id: u.id, name: u.name, hint: u.departmentType ?? '' })),
    },
    {
      label: '下级综治中心',
      options: centers
        .filter((u) => u.id !== ownerUnitId)
        .map((u) => ({ id: u.id, name: u.name, hint: u.regionName })),
    },
    {
      label: '调解组织',
      options: mediation.map((u) => ({ id: u.id, name: u.name, hint: u.regionName })),
    },
  ];
  return groups.filter((g) => g.options.length > 0);
}

/** Centers below the owner, for 下派 (hand down) to a township or village center. */
export async function lowerCenters(regionCode: string, ownerUnitId: number): Promise<UnitOption[]> {
  const centers = await unitsIn(regionCode, 'center');
  return centers
    .filter((u) => u.id !== ownerUnitId)
    .map((u) => ({ id: u.id, name: u.name, hint: u.regionName }));
}
