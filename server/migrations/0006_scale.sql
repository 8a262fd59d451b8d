-- Indexes for lists, worklists and the dashboard at city and province scale (issue 5). Each one
-- is justified by a figure of `npm run bench` (bench/README.md, "Fixes"); plain SQL for
-- PostgreSQL and PGlite alike.

-- Newest / oldest / date-range pages of a large scope walk matters in registration order and
-- stop after one page (list.ts scopedPage), instead of sorting every matter of the scope; the
-- dashboard's period cohort is a range of it.
CREATE INDEX matter_registered_idx ON matter (registered_at DESC, id DESC);

-- THE matter scope's unit branches (list.ts outsideIds): what a unit owns, registered or was
-- assigned outside its region, as index ranges only (assignment rows carry their matter's region).
CREATE INDEX matter_owner_region_idx ON matter (owner_unit_id, region_code);
CREATE INDEX matter_registered_unit_idx ON matter (registered_unit_id, region_code);
CREATE INDEX matter_assignment_unit_region_idx ON matter_assignment (unit_id, region_code, matter_id);

-- Boxes over the few matters that need attention: overdue and due soon, supervised.
CREATE INDEX matter_warning_idx ON matter (warning, registered_at DESC, id DESC)
  WHERE warning <> 'normal';
CREATE INDEX matter_supervised_idx ON matter (registered_at DESC, id DESC) WHERE supervised;

-- sort=due (list.ts orderFor): the keyset order itself.
CREATE INDEX matter_due_sort_idx ON matter ((coalesce(due_at, 'infinity'::timestamptz)), id);

-- The dashboard (analytics/dashboard.ts baseRows): open matters of a region (overdue now), and
-- closures of a region in the period. The status list is OPEN_STATUSES, literally as the query
-- writes it, so the planner can prove the partial index applies.
CREATE INDEX matter_open_region_idx ON matter (region_code)
  WHERE status IN ('registered', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'suspended');
CREATE INDEX matter_region_closed_idx ON matter (region_code, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX matter_closed_idx ON matter (closed_at) WHERE closed_at IS NOT NULL;

-- 按期结案 (analytics/metrics.ts on_time): the late handling clocks only, probed per closed matter.
CREATE INDEX matter_clock_late_idx ON matter_clock (matter_id, cycle)
  WHERE clock = 'handle' AND stopped_at > due_at;
