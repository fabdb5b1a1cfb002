-- The reference cluster's supervisor records every node start, exit (code, signal) and restart.
CREATE TABLE node_events (
  id      INTEGER PRIMARY KEY,
  ts      INTEGER NOT NULL, -- epoch milliseconds
  node    TEXT    NOT NULL,
  event   TEXT    NOT NULL, -- start | exit | restart | healthy | unhealthy | stop
  pid     INTEGER,
  code    INTEGER,
  signal  TEXT,
  detail  TEXT
);
CREATE INDEX node_events_node_ts ON node_events (node, ts);
