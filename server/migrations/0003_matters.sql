-- The matter engine: one table of matters for every intake, run by one state machine
-- (contracts/src/machines). Types add fields in their own tables, never their own status.

-- Editable, versioned code tables (categories, channels …). region_code NULL = national default.
CREATE TABLE dict_item (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dict text NOT NULL CHECK (dict ~ '^[a-z_]{2,40}$'),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  parent_code text,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  is_system boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dict, code)
);

-- Human-readable matter codes: region + date + sequence, one counter per (county, day).
CREATE TABLE matter_code_seq (
  prefix text PRIMARY KEY,
  last integer NOT NULL
);

CREATE TABLE matter (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  tracking_code text NOT NULL UNIQUE,
  type text NOT NULL,
  category_code text NOT NULL,
  channel text NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) <= 10000),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  grid_code text COLLATE "C" REFERENCES grid (code) ON UPDATE CASCADE,
  address text,
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  anonymous boolean NOT NULL DEFAULT false,
  reporter_name_enc text,
  reporter_phone_enc text,
  reporter_idno_enc text,
  reporter_idno_index text,
  reporter_phone_index text,
  reported_unit_id bigint REFERENCES unit (id),
  urgent boolean NOT NULL DEFAULT false,
  collective boolean NOT NULL DEFAULT false,
  headcount integer CHECK (headcount >= 0),
  repeat boolean NOT NULL DEFAULT false,
  cross_level boolean NOT NULL DEFAULT false,
  risk text CHECK (risk IN ('red', 'orange', 'yellow', 'blue')),
  status text NOT NULL,
  suspended_from text,
  cycle integer NOT NULL DEFAULT 1,
  reopen_count integer NOT NULL DEFAULT 0,
  owner_unit_id bigint NOT NULL REFERENCES unit (id),
  registered_unit_id bigint NOT NULL REFERENCES unit (id),
  registered_by bigint NOT NULL REFERENCES app_user (id),
  arose_level smallint NOT NULL CHECK (arose_level BETWEEN 1 AND 5),
  resolved_level smallint CHECK (resolved_level BETWEEN 1 AND 5),
  due_at timestamptz,
  due_provisional boolean NOT NULL DEFAULT false,
  warning text NOT NULL DEFAULT 'normal' CHECK (warning IN ('normal', 'yellow', 'red')),
  supervised boolean NOT NULL DEFAULT false,
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  merged_into bigint REFERENCES matter (id),
  outcome text,
  search tsvector,
  registered_at timestamptz NOT NULL,
  accepted_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  is_demo boolean NOT NULL DEFAULT false,
  CHECK (collective OR headcount IS NULL OR headcount <= 1)
);
CREATE INDEX matter_region_idx ON matter (region_code, registered_at DESC, id DESC);
CREATE INDEX matter_owner_status_idx ON matter (owner_unit_id, status, id DESC);
CREATE INDEX matter_status_due_idx ON matter (status, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX matter_grid_idx ON matter (grid_code) WHERE grid_code IS NOT NULL;
CREATE INDEX matter_search_idx ON matter USING gin (search);
CREATE INDEX matter_idno_idx ON matter (reporter_idno_index) WHERE reporter_idno_index IS NOT NULL;
CREATE INDEX matter_dup_idx ON matter (category_code, region_code, registered_at DESC);

-- Parties to a dispute; names and contacts encrypted, searchable through blind-index tokens.
CREATE TABLE matter_party (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  role text NOT NULL CHECK (role IN ('applicant', 'respondent', 'third_party', 'other')),
  name_enc text NOT NULL,
  phone_enc text,
  idno_enc text,
  idno_index text,
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX matter_party_matter_idx ON matter_party (matter_id);

-- One row per unit a matter is dispatched to; several rows with one lead = 联办.
CREATE TABLE matter_assignment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  cycle integer NOT NULL,
  unit_id bigint NOT NULL REFERENCES unit (id),
  is_lead boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('to_sign', 'handling', 'fed_back', 'returned', 'done', 'withdrawn')),
  handler_id bigint REFERENCES app_user (id),
  due_at timestamptz,
  due_provisional boolean NOT NULL DEFAULT false,
  dispatched_by bigint NOT NULL REFERENCES app_user (id),
  dispatched_at timestamptz NOT NULL,
  signed_at timestamptz,
  fed_back_at timestamptz,
  feedback text,
  return_reason text,
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX matter_assignment_matter_idx ON matter_assignment (matter_id, cycle);
CREATE INDEX matter_assignment_unit_idx ON matter_assignment (unit_id, status);
CREATE UNIQUE INDEX matter_assignment_open_uq ON matter_assignment (matter_id, cycle, unit_id)
  WHERE status IN ('to_sign', 'handling', 'fed_back');

-- Immutable timeline: one row per transition, written with the change and its audit row.
CREATE TABLE matter_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  cycle integer NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  actor_id bigint REFERENCES app_user (id),
  actor_unit_id bigint REFERENCES unit (id),
  at timestamptz NOT NULL,
  comment text,
  attachment_ids bigint[] NOT NULL DEFAULT '{}',
  before jsonb NOT NULL DEFAULT '{}',
  after jsonb NOT NULL DEFAULT '{}',
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX matter_history_matter_idx ON matter_history (matter_id, id);
CREATE TRIGGER matter_history_append_only BEFORE UPDATE OR DELETE ON matter_history
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();

-- Deadline policies per type / category / clock; statutory ones cannot be set longer.
CREATE TABLE deadline_policy (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_type text NOT NULL,
  category_code text,
  clock text NOT NULL CHECK (clock IN ('accept', 'handle', 'notice')),
  unit text NOT NULL CHECK (unit IN ('calendar_day', 'working_day', 'working_hour')),
  limit_value integer NOT NULL CHECK (limit_value > 0),
  max_extension integer NOT NULL DEFAULT 0 CHECK (max_extension >= 0),
  yellow_before integer NOT NULL DEFAULT 1 CHECK (yellow_before >= 0),
  statutory_key text,
  urgent_limit integer CHECK (urgent_limit > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (matter_type, category_code, clock)
);

-- A running clock of a matter: what the sweeper watches.
CREATE TABLE matter_clock (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  assignment_id bigint REFERENCES matter_assignment (id),
  cycle integer NOT NULL,
  clock text NOT NULL,
  unit text NOT NULL,
  limit_value integer NOT NULL,
  extension_value integer NOT NULL DEFAULT 0,
  max_extension integer NOT NULL DEFAULT 0,
  yellow_before integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  provisional boolean NOT NULL DEFAULT false,
  pauses jsonb NOT NULL DEFAULT '[]',
  stopped_at timestamptz,
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX matter_clock_open_idx ON matter_clock (due_at) WHERE stopped_at IS NULL;
CREATE INDEX matter_clock_matter_idx ON matter_clock (matter_id);
CREATE INDEX matter_clock_provisional_idx ON matter_clock (id) WHERE provisional AND stopped_at IS NULL;

-- Warnings and automatic 督办 raised by the sweeper: exactly once per clock and level, even with
-- several server processes, because this unique constraint decides who raised it.
CREATE TABLE clock_alert (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  clock_id bigint NOT NULL REFERENCES matter_clock (id),
  matter_id bigint NOT NULL REFERENCES matter (id),
  level text NOT NULL CHECK (level IN ('yellow', 'red', 'card_yellow', 'card_red')),
  raised_at timestamptz NOT NULL,
  raised_by text NOT NULL,
  UNIQUE (clock_id, level)
);

CREATE TABLE supervision (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  cycle integer NOT NULL,
  level text NOT NULL CHECK (level IN ('normal', 'yellow', 'red', 'listed')),
  automatic boolean NOT NULL,
  by_user bigint REFERENCES app_user (id),
  by_unit bigint REFERENCES unit (id),
  to_unit bigint REFERENCES unit (id),
  notice text NOT NULL,
  reply_due timestamptz,
  created_at timestamptz NOT NULL,
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX supervision_matter_idx ON supervision (matter_id);

CREATE TABLE extension_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint NOT NULL REFERENCES matter (id),
  clock_id bigint NOT NULL REFERENCES matter_clock (id),
  requested_by bigint NOT NULL REFERENCES app_user (id),
  requested_unit bigint NOT NULL REFERENCES unit (id),
  value integer NOT NULL CHECK (value > 0),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
  decided_by bigint REFERENCES app_user (id),
  decided_at timestamptz,
  decision_reason text,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX extension_pending_uq ON extension_request (clock_id) WHERE status = 'pending';

-- 网格事项准入清单: what may be pushed down to a grid, with the rule cited on refusal.
CREATE TABLE grid_admission (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code text NOT NULL,
  admitted boolean NOT NULL,
  rule text NOT NULL,
  region_code text COLLATE "C",
  UNIQUE NULLS NOT DISTINCT (category_code, region_code)
);

-- Public-holiday calendar with 调休 workdays, editable by admins.
CREATE TABLE calendar_year (
  year integer PRIMARY KEY,
  source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE calendar_day (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('off', 'work')),
  name text NOT NULL,
  year integer NOT NULL REFERENCES calendar_year (year)
);

CREATE TABLE attachment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  matter_id bigint REFERENCES matter (id),
  filename text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL,
  storage_name text NOT NULL UNIQUE,
  uploaded_by bigint REFERENCES app_user (id),
  uploaded_at timestamptz NOT NULL,
  region_code text COLLATE "C" NOT NULL
);
CREATE INDEX attachment_matter_idx ON attachment (matter_id);

-- Retries of a write with the same Idempotency-Key return the first answer (SECURITY.md §6.3).
CREATE TABLE idempotency_key (
  actor_key text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_key, key)
);

-- In-app messages and the outbox (SMS …), written in the transaction of the change.
CREATE TABLE notification (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint REFERENCES app_user (id),
  unit_id bigint REFERENCES unit (id),
  kind text NOT NULL,
  matter_id bigint REFERENCES matter (id),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  read_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX notification_unit_idx ON notification (unit_id, id DESC);
CREATE INDEX notification_user_idx ON notification (user_id, id DESC);

CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('sms', 'push')),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;
