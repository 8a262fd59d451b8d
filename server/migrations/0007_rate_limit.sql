-- SECURITY.md D4: request limits that hold across server processes. One row per (route and
-- caller, fixed window); the gate increments it with one upsert and old windows are pruned.
CREATE TABLE rate_window (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_window_start_idx ON rate_window (window_start);
