// Thin: contract → verb → presenter. Each handler runs in one transaction (core/http/register.ts).
import { ENDPOINTS } from '@fengqiao/contracts';
import { route, type RouteDef } from '../../core/http/context.ts';
import { createAssignment, deleteAssignment, listAssignments } from './grid-assignments.ts';
import { createGrid, deleteGrid, getGrid, listGrids, updateGrid } from './grids.ts';
import { importGrids } from './import-grids.ts';
import { importStaff } from './import-staff.ts';
import { importTemplate } from './import-templates.ts';
import { importUnits } from './import-units.ts';
import { recodeRegion } from './recode-region.ts';
import { regionTree } from './region-tree.ts';
import { createRegion, deleteRegion, getRegion, updateRegion } from './regions.ts';
import { createStation, deleteStation, listStations } from './stations.ts';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from './units.ts';

const E = ENDPOINTS;

export const orgRoutes: RouteDef[] = [
  route(E['org.regions.tree'], (ctx, { query }) => regionTree(ctx, query)),
  route(E['org.regions.get'], (ctx, { params }) => getRegion(ctx, params.code)),
  route(E['org.regions.create'], (ctx, { body }) => createRegion(ctx, body)),
  route(E['org.regions.update'], (ctx, { params, body }) => updateRegion(ctx, params.code, body)),
  route(E['org.regions.delete'], (ctx, { params }) => deleteRegion(ctx, params.code)),
  route(E['org.regions.recode'], (ctx, { params, body }) => recodeRegion(ctx, params.code, body)),
  route(E['org.units.list'], (ctx, { query }) => listUnits(ctx, query)),
  route(E['org.units.get'], (ctx, { params }) => getUnit(ctx, params.id)),
  route(E['org.units.create'], (ctx, { body }) => createUnit(ctx, body)),
  route(E['org.units.update'], (ctx, { params, body }) => updateUnit(ctx, params.id, body)),
  route(E['org.units.delete'], (ctx, { params }) => deleteUnit(ctx, params.id)),
  route(E['org.stations.list'], (ctx, { query }) => listStations(ctx, query)),
  route(E['org.stations.create'], (ctx, { body }) => createStation(ctx, body)),
  route(E['org.stations.delete'], (ctx, { params }) => deleteStation(ctx, params.id)),
  route(E['org.grids.list'], (ctx, { query }) => listGrids(ctx, query)),
  route(E['org.grids.get'], (ctx, { params }) => getGrid(ctx, params.code)),
  route(E['org.grids.create'], (ctx, { body }) => createGrid(ctx, body)),
  route(E['org.grids.update'], (ctx, { params, body }) => updateGrid(ctx, params.code, body)),
  route(E['org.grids.delete'], (ctx, { params }) => deleteGrid(ctx, params.code)),
  route(E['org.gridAssignments.list'], (ctx, { query }) => listAssignments(ctx, query)),
  route(E['org.gridAssignments.create'], (ctx, { body }) => createAssignment(ctx, body)),
  route(E['org.gridAssignments.delete'], (ctx, { params }) => deleteAssignment(ctx, params.id)),
  route(E['org.import.units'], (ctx, { query, raw }) => importUnits(ctx, { raw, ...query })),
  route(E['org.import.staff'], (ctx, { query, raw }) => importStaff(ctx, { raw, ...query })),
  route(E['org.import.grids'], (ctx, { query, raw }) => importGrids(ctx, { raw, ...query })),
  route(E['org.import.template'], (_ctx, { params }) => importTemplate(params.kind), {
    transaction: false,
  }),
];
