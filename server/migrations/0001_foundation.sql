-- Foundation: org hierarchy, accounts, sessions, audit. Runs unchanged on PostgreSQL 15+ and PGlite.
-- Codes use COLLATE "C" so prefix matches (data scope) are plain byte comparisons.

CREATE TABLE region (
  code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_code text COLLATE "C" REFERENCES region (code) ON UPDATE CASCADE,
  valid_from date,
  valid_to date,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (level = CASE length(code) WHEN 2 THEN 1 WHEN 4 THEN 2 WHEN 6 THEN 3 WHEN 9 THEN 4 ELSE 5 END),
  CHECK ((level = 1) = (parent_code IS NULL))
);
CREATE INDEX region_parent_idx ON region (parent_code);

CREATE TABLE unit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('center', 'department', 'mediation_org', 'other')),
  department_type text,
  center_level text CHECK (center_level IN ('county', 'township', 'village')),
  grade smallint CHECK (grade BETWEEN 1 AND 3),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  parent_id bigint REFERENCES unit (id),
  phone text,
  address text,
  office_hours jsonb,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'center') = (center_level IS NOT NULL)),
  CHECK (kind <> 'department' OR department_type IS NOT NULL)
);
CREATE INDEX unit_region_idx ON unit (region_code);
CREATE INDEX unit_parent_idx ON unit (parent_id);
CREATE UNIQUE INDEX unit_name_region_uq ON unit (region_code, name);

-- A department stationed at a center: 常驻 resident, 轮驻 rotating, 随驻 on call
CREATE TABLE station (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  center_id bigint NOT NULL REFERENCES unit (id),
  department_id bigint NOT NULL REFERENCES unit (id),
  mode text NOT NULL CHECK (mode IN ('resident', 'rotating', 'on_call')),
  timetable text,
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, department_id)
);
CREATE INDEX station_department_idx ON station (department_id);

CREATE TABLE grid (
  code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  kind text NOT NULL DEFAULT 'comprehensive' CHECK (kind IN ('comprehensive', 'dedicated')),
  geometry jsonb,
  min_lon double precision,
  min_lat double precision,
  max_lon double precision,
  max_lat double precision,
  households integer CHECK (households >= 0),
  population integer CHECK (population >= 0),
  is_demo_geometry boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (length(region_code) = 12 AND left(code, 12) = region_code)
);
CREATE INDEX grid_region_idx ON grid (region_code);

CREATE TABLE app_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,39}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  phone_enc text,
  unit_id bigint NOT NULL REFERENCES unit (id),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  must_change_password boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'left')),
  disabled_reason text,
  last_login_at timestamptz,
  totp_secret_enc text,
  totp_enrolled_at timestamptz,
  totp_last_step bigint,
  clearance smallint NOT NULL DEFAULT 0 CHECK (clearance BETWEEN 0 AND 3),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_uq ON app_user (username);
CREATE INDEX app_user_unit_idx ON app_user (unit_id);
CREATE INDEX app_user_region_idx ON app_user (region_code);

CREATE TABLE user_role (
  user_id bigint NOT NULL REFERENCES app_user (id),
  role text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by bigint REFERENCES app_user (id),
  PRIMARY KEY (user_id, role)
);

-- 三权分立 (GB/T 22239 8.1.4.2d): an account holds at most one of the three admin roles, and an
-- admin role is never combined with business roles. Enforced in the database as well as the API.
CREATE FUNCTION user_role_separation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM user_role r
    WHERE r.user_id = NEW.user_id AND r.role <> NEW.role
      AND (r.role IN ('sysadmin', 'secadmin', 'auditor') OR NEW.role IN ('sysadmin', 'secadmin', 'auditor'))
  ) THEN
    RAISE EXCEPTION 'separation of duties: role % cannot be combined', NEW.role
      USING ERRCODE = 'check_violation', CONSTRAINT = 'user_role_separation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER user_role_separation_trg BEFORE INSERT OR UPDATE ON user_role
  FOR EACH ROW EXECUTE FUNCTION user_role_separation();

CREATE TABLE grid_assignment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL REFERENCES grid (code) ON UPDATE CASCADE,
  user_id bigint NOT NULL REFERENCES app_user (id),
  duty text NOT NULL DEFAULT 'grid_worker' CHECK (duty IN ('grid_worker', 'grid_leader', 'assistant')),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (grid_code, user_id, duty)
);
CREATE INDEX grid_assignment_user_idx ON grid_assignment (user_id);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE user_session (
  id text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES app_user (id),
  stage text NOT NULL CHECK (stage IN ('active', 'mfa_pending', 'password_change', 'totp_enrol')),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Failed-login counters keyed by the normalised login name, whether or not the account exists,
-- so unknown users and wrong passwords take the same path (SECURITY.md A3).
CREATE TABLE login_throttle (
  username text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL
);

CREATE TABLE setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES app_user (id)
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id bigint,
  actor_name text,
  actor_roles text[] NOT NULL DEFAULT '{}',
  actor_unit_id bigint,
  ip text,
  event text NOT NULL,
  target_type text,
  target_id text,
  region_code text COLLATE "C",
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  reason text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

-- The hash chain over committed audit rows, in sealing order: h_n = SHA-256(h_{n-1} || row_n).
CREATE TABLE audit_seal (
  seq bigint PRIMARY KEY,
  audit_id bigint NOT NULL UNIQUE,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only: no UPDATE or DELETE through any role that respects triggers (SECURITY.md C3).
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit tables are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
