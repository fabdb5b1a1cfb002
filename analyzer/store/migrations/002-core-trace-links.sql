-- Core-dump traces (a cores/ directory of gdb or coredumpctl output) are crashes of their own,
-- linked to the crash the node's log shows for the same death.
ALTER TABLE crashes ADD COLUMN from_core INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crashes ADD COLUMN linked_crash_id INTEGER REFERENCES crashes (id);
CREATE INDEX crashes_node_ts ON crashes (node, ts);
