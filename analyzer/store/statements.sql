-- Named statements of the store (`-- name: x` starts one); the code refers to them by name.

-- name: findSourceByIdentity
SELECT * FROM sources WHERE inode = @inode AND head_hash = @headHash AND state != 'deleted' ORDER BY id DESC LIMIT 1;

-- name: findSourceByPath
SELECT * FROM sources WHERE path = @path AND state = 'active' ORDER BY id DESC LIMIT 1;

-- name: sourceById
SELECT * FROM sources WHERE id = @id;

-- name: insertSource
INSERT INTO sources (path, inode, head_hash, first_seen, updated_at) VALUES (@path, @inode, @headHash, @now, @now);

-- name: updateSourceIdentity
UPDATE sources SET path = @path, inode = @inode, head_hash = @headHash, updated_at = @now WHERE id = @id;

-- name: checkpoint
UPDATE sources SET offset = @offset, line_no = @lineNo, scan_offset = @scanOffset, scan_line_no = @scanLineNo, updated_at = @now WHERE id = @id;

-- name: setSourceState
UPDATE sources SET state = @state, updated_at = @now WHERE id = @id;

-- name: insertLine
INSERT OR IGNORE INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES (@sourceId, @lineNo, @offset, @ts, @level, @node, @text);

-- name: insertLinesHead
-- Followed by one `insertLinesRow` per line: many lines per statement is the ingest fast path.
INSERT OR IGNORE INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES

-- name: insertLinesRow
(?, ?, ?, ?, ?, ?, ?)

-- name: insertCrash
INSERT OR IGNORE INTO crashes (source_id, node, kind, kinds, signal, first_line, last_line, ts, fingerprint, rule, confidence, report_json, stored_at, from_core)
VALUES (@sourceId, @node, @kind, @kinds, @signal, @firstLine, @lastLine, @ts, @fingerprint, @rule, @confidence, @reportJson, @now, @fromCore);

-- name: linkCoreTraces
-- Each unlinked core trace joins the log crash of the same pid, else of its node, nearest in time.
UPDATE crashes AS core SET linked_crash_id = (
  SELECT log.id FROM crashes AS log
  WHERE log.from_core = 0
    AND (json_extract(log.report_json, '$.pid') = json_extract(core.report_json, '$.pid')
         OR (log.node IS core.node
             AND (json_extract(log.report_json, '$.pid') IS NULL OR json_extract(core.report_json, '$.pid') IS NULL)))
    AND (log.ts IS NULL OR core.ts IS NULL OR abs(log.ts - core.ts) <= 600000)
  ORDER BY abs(coalesce(log.ts, 0) - coalesce(core.ts, 0)) LIMIT 1)
WHERE core.from_core = 1 AND core.linked_crash_id IS NULL;

-- name: timeCoreTraces
-- A core trace has no time of its own (gdb prints none): it died when its log crash did.
UPDATE crashes AS core SET ts = (SELECT log.ts FROM crashes AS log WHERE log.id = core.linked_crash_id)
WHERE core.from_core = 1 AND core.ts IS NULL AND core.linked_crash_id IS NOT NULL;

-- name: insertNodeEvent
INSERT INTO node_events (ts, node, event, pid, code, signal, detail) VALUES (@ts, @node, @event, @pid, @code, @signal, @detail);

-- name: listNodeEvents
SELECT id, ts, node, event, pid, code, signal, detail FROM node_events
WHERE (@node IS NULL OR node = @node) ORDER BY ts DESC, id DESC LIMIT @limit;

-- name: linkedCrashes
SELECT c.id, c.kind, c.first_line, c.last_line, c.from_core, s.path AS source_path FROM crashes c JOIN sources s ON s.id = c.source_id
WHERE c.linked_crash_id = @id OR c.id = (SELECT linked_crash_id FROM crashes WHERE id = @id);

-- name: crashById
SELECT c.*, s.path AS source_path FROM crashes c JOIN sources s ON s.id = c.source_id WHERE c.id = @id;

-- name: linesBefore
SELECT l.*, s.path AS source_path FROM log_lines l JOIN sources s ON s.id = l.source_id
WHERE l.ts IS NOT NULL AND l.ts BETWEEN @from AND @to ORDER BY l.ts DESC, l.line_no DESC LIMIT @limit;

-- name: sourceLinesBefore
SELECT l.*, s.path AS source_path FROM log_lines l JOIN sources s ON s.id = l.source_id
WHERE l.source_id = @sourceId AND l.line_no < @lineNo AND l.line_no >= @lineNo - @limit ORDER BY l.line_no;

-- name: listCrashes
SELECT c.id, c.node, c.kind, c.kinds, c.signal, c.first_line, c.last_line, c.ts, c.fingerprint, c.rule, c.confidence, s.path AS source_path,
  CASE WHEN c.from_core = 1 THEN c.linked_crash_id END AS core_of
FROM crashes c JOIN sources s ON s.id = c.source_id
WHERE (@kind IS NULL OR c.kind = @kind) AND (@node IS NULL OR c.node = @node) AND (@rule IS NULL OR c.rule = @rule)
  AND (@since IS NULL OR c.ts >= @since)
ORDER BY c.id DESC LIMIT @limit;

-- name: pruneOldLines
DELETE FROM log_lines
WHERE ts IS NOT NULL AND ts < @before
  AND NOT EXISTS (SELECT 1 FROM crashes c WHERE c.source_id = log_lines.source_id
                  AND log_lines.line_no BETWEEN c.first_line - @keepBefore AND c.last_line + @keepAfter);

-- name: countLines
SELECT count(*) AS n FROM log_lines;

-- name: pruneOverflow
DELETE FROM log_lines WHERE (source_id, line_no) IN (
  SELECT l.source_id, l.line_no FROM log_lines l
  WHERE NOT EXISTS (SELECT 1 FROM crashes c WHERE c.source_id = l.source_id
                    AND l.line_no BETWEEN c.first_line - @keepBefore AND c.last_line + @keepAfter)
  ORDER BY coalesce(l.ts, 0), l.source_id, l.line_no LIMIT @excess);

-- name: lastLines
SELECT l.source_id, l.line_no, l.offset, l.ts, l.level, l.node, l.text, s.path AS source_path
FROM log_lines l JOIN sources s ON s.id = l.source_id
WHERE (@node IS NULL OR l.node = @node) AND (@level IS NULL OR l.level = @level) AND (@grep IS NULL OR instr(l.text, @grep) > 0)
ORDER BY coalesce(l.ts, 0) DESC, l.source_id DESC, l.line_no DESC LIMIT @limit;

-- name: sourceIds
SELECT id FROM sources ORDER BY id;

-- name: sourceEnds
SELECT s.id, coalesce((SELECT max(l.line_no) FROM log_lines l WHERE l.source_id = s.id), 0) AS line_no FROM sources s;

-- name: sourceLinesAfter
SELECT l.source_id, l.line_no, l.offset, l.ts, l.level, l.node, l.text, s.path AS source_path
FROM log_lines l JOIN sources s ON s.id = l.source_id
WHERE l.source_id = @sourceId AND l.line_no > @afterLine
  AND (@node IS NULL OR l.node = @node) AND (@level IS NULL OR l.level = @level) AND (@grep IS NULL OR instr(l.text, @grep) > 0)
ORDER BY l.line_no LIMIT @limit;

-- live reader (monitor)

-- name: liveDataVersion
-- Changes whenever another connection commits: the monitor's cheap "anything new?" check.
PRAGMA data_version;

-- name: liveSources
-- Every source with the lines committed so far: the monitor's and the dashboard's upper bound per file.
SELECT id, path, line_no FROM sources ORDER BY id;

-- name: liveLinesAfter
-- The newest @limit lines of one source in (@afterLine, @upTo], newest first (a primary-key range).
SELECT source_id, line_no, ts, level, node, text FROM log_lines
WHERE source_id = @sourceId AND line_no > @afterLine AND line_no <= @upTo ORDER BY line_no DESC LIMIT @limit;

-- name: liveNodeLines
-- Lines per node of one source in (@afterLine, @upTo]: a primary-key range, so each poll of the monitor or the dashboard reads only new lines.
SELECT node, count(*) AS lines, max(ts) AS last_ts FROM log_lines
WHERE source_id = @sourceId AND line_no > @afterLine AND line_no <= @upTo GROUP BY node;

-- name: liveCrashesAfter
SELECT c.id, c.node, c.kind, c.ts, c.fingerprint, c.rule, c.confidence, c.from_core, s.path AS source_path
FROM crashes c JOIN sources s ON s.id = c.source_id WHERE c.id > @afterId ORDER BY c.id DESC LIMIT @limit;

-- name: liveCrashGroups
-- Bare columns come from the row of max(c.id): each group shows its latest crash (timed when stored if its log had no time).
-- A core trace linked to its log crash is the same death, shown with it, not as a group of its own.
SELECT c.fingerprint, count(*) AS count, min(c.id) AS first_id, max(c.id) AS last_id,
  coalesce(c.ts, CAST(unixepoch(c.stored_at, 'subsec') * 1000 AS INTEGER)) AS last_ts, c.node, c.kind, c.rule, c.confidence
FROM crashes c WHERE c.from_core = 0 OR c.linked_crash_id IS NULL GROUP BY c.fingerprint ORDER BY last_id DESC LIMIT @limit;

-- name: liveNodeCrashes
SELECT c.node, count(*) AS crashes, max(c.id) AS last_id, c.kind, c.rule, c.confidence,
  coalesce(c.ts, CAST(unixepoch(c.stored_at, 'subsec') * 1000 AS INTEGER)) AS ts
FROM crashes c WHERE c.node IS NOT NULL AND (c.from_core = 0 OR c.linked_crash_id IS NULL) GROUP BY c.node;

-- dashboard reader

-- name: dashboardNewestTs
-- The line chart's window ends at the newest timed line (an index lookup on log_lines_ts).
SELECT max(ts) AS ts FROM log_lines;

-- name: dashboardLineRates
-- Lines per node and second inside the window: a range scan of the ts index, never the whole table.
SELECT l.node, l.source_id, l.ts / 1000 AS second, count(*) AS lines FROM log_lines l
WHERE l.ts >= @from AND l.ts < @to GROUP BY l.node, l.source_id, second;

-- name: dashboardCrashStamp
SELECT count(*) AS n, coalesce(max(id), 0) AS last_id FROM crashes;

-- name: dashboardCrashKinds
-- A core trace linked to its log crash is the same death: counted once.
SELECT kind, count(*) AS crashes, sum(rule IS NOT NULL) AS known FROM crashes
WHERE from_core = 0 OR linked_crash_id IS NULL GROUP BY kind ORDER BY crashes DESC, kind;

-- name: dashboardRecentCrashes
SELECT c.id, c.ts, c.node, c.kind, c.rule, c.confidence, s.path AS source_path FROM crashes c JOIN sources s ON s.id = c.source_id
WHERE c.from_core = 0 OR c.linked_crash_id IS NULL ORDER BY c.id DESC LIMIT @limit;

-- name: dashboardNodeCrashes
-- Bare columns come from the row of max(c.id): each node shows its latest crash.
SELECT c.node, c.source_id, count(*) AS crashes, max(c.id) AS last_id, c.kind, c.ts, c.rule FROM crashes c
WHERE c.from_core = 0 OR c.linked_crash_id IS NULL GROUP BY c.node, c.source_id;

-- name: dashboardSourceTail
SELECT source_id, line_no, ts, level, node, text FROM log_lines
WHERE source_id = @sourceId AND line_no <= @upTo ORDER BY line_no DESC LIMIT @limit;

-- name: dashboardSourceLastTs
-- The time of the last timed line at or before @upTo: where a tail of untimed lines (a stack dump) belongs.
SELECT ts FROM log_lines WHERE source_id = @sourceId AND line_no <= @upTo AND ts IS NOT NULL ORDER BY line_no DESC LIMIT 1;
