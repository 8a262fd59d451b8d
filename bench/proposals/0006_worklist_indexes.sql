-- PROPOSAL (bench evidence, not a product migration): indexes for the worklists and lists of
-- modules/matters/list.ts, to go with the query changes in bench/src/proposals/list-proposed.ts.
-- Measured by `npm run bench` (suite "worklist", rows marked "proposed").

-- Newest / oldest / date-range lists of large scopes walk matters in registration order and stop
-- after one page, instead of sorting every matter of the scope. (Also serves the rollup refresh
-- of proposal 0005, which then needs no index of its own.)
CREATE INDEX matter_registered_idx ON matter (registered_at DESC, id DESC);

-- The unit branches of THE matter scope (summary.ts matterScope, rewritten as a UNION in
-- bench/src/proposals/list-proposed.ts): what a unit registered, and what was dispatched to it
-- (index-only, with the region to skip what the region branch already has).
CREATE INDEX matter_owner_region_idx ON matter (owner_unit_id, region_code);
CREATE INDEX matter_registered_unit_idx ON matter (registered_unit_id, region_code);
CREATE INDEX matter_assignment_unit_region_idx ON matter_assignment (unit_id, region_code, matter_id);

-- Boxes over the few matters that need attention (overdue, due soon, supervised).
CREATE INDEX matter_warning_idx ON matter (warning, registered_at DESC) WHERE warning <> 'normal';
CREATE INDEX matter_supervised_idx ON matter (registered_at DESC) WHERE supervised;

-- Worklist counts read only unfinished matters (≈1 % of rows): the literal status list must
-- match the query's for the planner to use this partial index.
CREATE INDEX matter_unfinished_idx ON matter (region_code, owner_unit_id)
  WHERE status IN ('registered', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'suspended', 'closed');

-- sort=due
CREATE INDEX matter_due_sort_idx ON matter ((coalesce(due_at, 'infinity'::timestamptz)), id);
