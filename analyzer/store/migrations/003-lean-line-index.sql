-- Every stored line paid for a (node, source, line) index that only `storctl logs --node` used;
-- a scan of the lines answers that fast enough, and ingest is the hot path.
DROP INDEX IF EXISTS log_lines_node;
