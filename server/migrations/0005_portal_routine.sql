-- The citizen portal (码上办, issue 4 §10) and grid workers' daily check-in (日排查/零报告, §9).

-- A server-issued robot check: single use, five minutes. Only a keyed hash of the answer is kept,
-- so a database reader cannot solve outstanding challenges.
CREATE TABLE portal_challenge (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{16,64}$'),
  answer_hash text NOT NULL,
  ip_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX portal_challenge_expires_idx ON portal_challenge (expires_at);

-- Counters behind the portal's limits, in the database so they hold across server processes
-- (SECURITY.md D4): submissions per address and per phone, failed tracking-code lookups per
-- address. Addresses and phones are stored as keyed hashes only.
CREATE TABLE portal_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('submit', 'miss')),
  ip_hash text NOT NULL,
  phone_hash text,
  at timestamptz NOT NULL
);
CREATE INDEX portal_event_ip_idx ON portal_event (kind, ip_hash, at);
CREATE INDEX portal_event_phone_idx ON portal_event (kind, phone_hash, at) WHERE phone_hash IS NOT NULL;

-- The system account through which the portal registers and rates matters for one owning center,
-- so citizen requests run through the same engine as staff ones. It cannot log in: disabled, no
-- roles, and a password hash that no password verifies.
CREATE TABLE portal_account (
  center_id bigint PRIMARY KEY REFERENCES unit (id),
  user_id bigint NOT NULL UNIQUE REFERENCES app_user (id),
  created_at timestamptz NOT NULL
);

-- 日排查/零报告: at most one check-in per grid and local (Asia/Shanghai) day.
CREATE TABLE grid_checkin (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL REFERENCES grid (code) ON UPDATE CASCADE,
  local_date date NOT NULL,
  user_id bigint NOT NULL REFERENCES app_user (id),
  nothing_to_report boolean NOT NULL,
  note text CHECK (length(note) <= 1000),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  region_code text COLLATE "C" NOT NULL REFERENCES region (code) ON UPDATE CASCADE,
  created_at timestamptz NOT NULL,
  UNIQUE (grid_code, local_date)
);
CREATE INDEX grid_checkin_region_idx ON grid_checkin (region_code, local_date DESC, id DESC);
