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
SELECT c.id, c.node, c.kind, c.kinds, c.signal, c.first_line, c.last_line, c.ts, c.fingerprint, c.rule, c.confidence, s.path AS source_path
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
