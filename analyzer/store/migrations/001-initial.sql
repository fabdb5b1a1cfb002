-- The store's first schema: sources with their tail checkpoint, their lines, and the crashes in them.
-- Stable tables for scripts (storctl query): sources, log_lines, crashes.

CREATE TABLE sources (
  id            INTEGER PRIMARY KEY,
  path          TEXT    NOT NULL,
  -- Identity across restarts and renames: inode plus a hash of the first bytes.
  inode         INTEGER,
  head_hash     TEXT,
  -- Tail checkpoint: lines stored up to `offset` (exclusive), `line_no` lines so far.
  offset        INTEGER NOT NULL DEFAULT 0,
  line_no       INTEGER NOT NULL DEFAULT 0,
  -- Where scanning resumes after a restart: the start of the oldest trace still open.
  scan_offset   INTEGER NOT NULL DEFAULT 0,
  scan_line_no  INTEGER NOT NULL DEFAULT 0,
  state         TEXT    NOT NULL DEFAULT 'active', -- active | rotated | deleted | done
  first_seen    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL
);
CREATE INDEX sources_path ON sources (path);

CREATE TABLE log_lines (
  source_id  INTEGER NOT NULL REFERENCES sources (id),
  line_no    INTEGER NOT NULL,
  offset     INTEGER NOT NULL,
  ts         INTEGER,          -- epoch milliseconds, when the line had a timestamp
  level      TEXT,
  node       TEXT,
  text       TEXT    NOT NULL,
  PRIMARY KEY (source_id, line_no)
) WITHOUT ROWID;
CREATE INDEX log_lines_ts ON log_lines (ts);
CREATE INDEX log_lines_node ON log_lines (node, source_id, line_no);

CREATE TABLE crashes (
  id           INTEGER PRIMARY KEY,
  source_id    INTEGER NOT NULL REFERENCES sources (id),
  node         TEXT,
  kind         TEXT    NOT NULL,
  kinds        TEXT    NOT NULL, -- JSON array
  signal       TEXT,
  first_line   INTEGER NOT NULL,
  last_line    INTEGER NOT NULL,
  ts           INTEGER,
  fingerprint  TEXT    NOT NULL,
  rule         TEXT,
  confidence   REAL,
  report_json  TEXT    NOT NULL, -- the crash as `storctl diagnose --json` reports it
  stored_at    TEXT    NOT NULL,
  UNIQUE (source_id, first_line)
);
CREATE INDEX crashes_ts ON crashes (ts);
CREATE INDEX crashes_fingerprint ON crashes (fingerprint);
