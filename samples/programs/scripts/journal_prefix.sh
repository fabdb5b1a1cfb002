#!/bin/bash
# journal_prefix.sh <unit> <cmd...>: run cmd and write its stdout+stderr the way
# journald/syslog shows them ("Nov 21 16:47:01 host unit[pid]: line"), then a
# systemd-like exit line built from the real wait status.
UNIT=$1
shift
HOST=${JOURNAL_HOST:-$(hostname -s)}
FIFO=$(mktemp -u /tmp/journal_prefix.XXXXXX)
mkfifo "$FIFO"
"$@" > "$FIFO" 2>&1 &
PID=$!
exec 2>/dev/null   # keep bash's own job notices out of the journal
while IFS= read -r line; do
    printf '%s %s %s[%d]: %s\n' "$(LC_ALL=C date '+%b %e %H:%M:%S')" "$HOST" "$UNIT" "$PID" "$line"
done < "$FIFO"
wait "$PID"
rc=$?
rm -f "$FIFO"
ts=$(LC_ALL=C date '+%b %e %H:%M:%S')
if [ "$rc" -gt 128 ]; then
    sig=$(kill -l $((rc - 128)))
    printf '%s %s systemd[1]: %s.service: Main process exited, code=killed, status=%d/%s\n' "$ts" "$HOST" "$UNIT" $((rc - 128)) "$sig"
    printf '%s %s systemd[1]: %s.service: Failed with result '"'"'signal'"'"'.\n' "$ts" "$HOST" "$UNIT"
else
    printf '%s %s systemd[1]: %s.service: Main process exited, code=exited, status=%d\n' "$ts" "$HOST" "$UNIT" "$rc"
fi
exit "$rc"
