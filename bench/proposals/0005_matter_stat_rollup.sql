-- PROPOSAL (bench evidence, not a product migration): rollups behind the analytics dashboards.
-- Measured by `npm run bench` (suite "dashboard", engine "rollup"): the reference questions of
-- bench/src/dashboard/queries.ts answered from these tables instead of a GROUP BY over matter.
-- Plain SQL that runs on PostgreSQL and PGlite alike (CONVENTIONS §4.7). If adopted, it becomes
-- server/migrations/00NN_matter_stats.sql plus a refresher in modules/analytics.
--
-- Grain: the registration month × region at levels 1–5 (省/市/县/乡/村; a grid scope is small
-- enough for the base table) × every dimension the dashboard filters on. Every matter counts once
-- per level, so a scope reads only its own rows: `level = level-of(scope) AND region_code =
-- scope`, and its breakdown by child region reads level + 1. A day grain with only the type
-- serves the daily / weekly trends of township and larger scopes.

CREATE TABLE matter_stat_month (
  month date NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  region_code text COLLATE "C" NOT NULL,
  type text NOT NULL,
  category_code text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  warning text NOT NULL,
  urgent boolean NOT NULL,
  n integer NOT NULL,
  closed integer NOT NULL,
  on_time integer NOT NULL,
  suspended integer NOT NULL,
  rated integer NOT NULL,
  satisfied integer NOT NULL,
  satisfaction_sum integer NOT NULL,
  handle_hours double precision NOT NULL
);
CREATE INDEX matter_stat_month_scope_idx ON matter_stat_month (level, region_code, month);

CREATE TABLE matter_stat_day (
  day date NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  region_code text COLLATE "C" NOT NULL,
  type text NOT NULL,
  n integer NOT NULL,
  closed integer NOT NULL
);
CREATE INDEX matter_stat_day_scope_idx ON matter_stat_day (level, region_code, day);

-- Months whose matters changed since the last refresh (a status change of an old petition must
-- reach its registration month). Written in the transaction of the change; cheap when present.
CREATE TABLE matter_stat_dirty (month date PRIMARY KEY);

CREATE FUNCTION matter_stat_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO matter_stat_dirty (month)
  VALUES (date_trunc('month', NEW.registered_at AT TIME ZONE 'Asia/Shanghai')::date)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER matter_stat_dirty_trg AFTER INSERT OR UPDATE OF status, warning, closed_at, due_at, satisfaction, region_code
  ON matter FOR EACH ROW EXECUTE FUNCTION matter_stat_mark_dirty();

-- The refresh needs the registration-time range of a month without scanning every matter.
CREATE INDEX matter_registered_idx ON matter (registered_at);

-- Recomputes the rollups of the months [p_from, p_to) from the base table.
CREATE FUNCTION refresh_matter_stat(p_from date, p_to date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t_from timestamptz := p_from::timestamp AT TIME ZONE 'Asia/Shanghai';
  t_to timestamptz := p_to::timestamp AT TIME ZONE 'Asia/Shanghai';
BEGIN
  -- unmark first: a change committed while this runs marks its month again (refreshed next time)
  DELETE FROM matter_stat_dirty WHERE month >= p_from AND month < p_to;
  DELETE FROM matter_stat_month WHERE month >= p_from AND month < p_to;
  INSERT INTO matter_stat_month
  SELECT date_trunc('month', m.registered_at AT TIME ZONE 'Asia/Shanghai')::date, l.level, l.code,
    m.type, m.category_code, m.channel, m.status, m.warning, m.urgent,
    count(*), count(m.closed_at), count(*) FILTER (WHERE m.closed_at <= m.due_at),
    count(*) FILTER (WHERE m.status = 'suspended'), count(m.satisfaction),
    count(*) FILTER (WHERE m.satisfaction >= 3), coalesce(sum(m.satisfaction), 0),
    coalesce(sum(extract(epoch FROM m.closed_at - m.registered_at) / 3600), 0)
  FROM matter m
  CROSS JOIN LATERAL (VALUES (1::smallint, left(m.region_code, 2)), (2::smallint, left(m.region_code, 4)),
    (3::smallint, left(m.region_code, 6)), (4::smallint, left(m.region_code, 9)),
    (5::smallint, left(m.region_code, 12))) AS l(level, code)
  WHERE m.registered_at >= t_from AND m.registered_at < t_to AND length(l.code) = (ARRAY[2, 4, 6, 9, 12])[l.level]
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
  DELETE FROM matter_stat_day WHERE day >= p_from AND day < p_to;
  INSERT INTO matter_stat_day
  SELECT (m.registered_at AT TIME ZONE 'Asia/Shanghai')::date, l.level, l.code, m.type, count(*), count(m.closed_at)
  FROM matter m
  CROSS JOIN LATERAL (VALUES (1::smallint, left(m.region_code, 2)), (2::smallint, left(m.region_code, 4)),
    (3::smallint, left(m.region_code, 6)), (4::smallint, left(m.region_code, 9))) AS l(level, code)
  WHERE m.registered_at >= t_from AND m.registered_at < t_to AND length(l.code) = (ARRAY[2, 4, 6, 9])[l.level]
  GROUP BY 1, 2, 3, 4;
END $$;

-- The analytics module's refresher (e.g. every 5 minutes, and at start): the current month plus
-- every month marked dirty since the last run.
CREATE FUNCTION refresh_matter_stat_dirty() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  done integer := 0;
BEGIN
  INSERT INTO matter_stat_dirty (month)
  VALUES (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date) ON CONFLICT DO NOTHING;
  FOR r IN SELECT month FROM matter_stat_dirty ORDER BY month LOOP
    PERFORM refresh_matter_stat(r.month, (r.month + interval '1 month')::date);
    done := done + 1;
  END LOOP;
  RETURN done;
END $$;
